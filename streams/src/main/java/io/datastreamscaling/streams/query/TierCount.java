package io.datastreamscaling.streams.query;

import java.time.Instant;

/** One hopping window's order count of one tier; {@code start} inclusive, {@code end} exclusive. */
public record TierCount(Instant start, Instant end, long orders) {
}

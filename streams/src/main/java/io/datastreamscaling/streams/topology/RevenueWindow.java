package io.datastreamscaling.streams.topology;

import java.math.BigDecimal;
import java.time.Instant;

/**
 * One user's revenue in one window: the value on {@code revenue.per-user.1m} (keyed by userId) and an
 * element of the {@code GET /revenue/{userId}} answer. {@code start} is inclusive, {@code end} exclusive.
 */
public record RevenueWindow(String userId, Instant start, Instant end, BigDecimal revenue, long orders) {
}

package io.datastreamscaling.streams.topology;

import java.time.Duration;
import java.time.Instant;

/**
 * Which {@code createdAt} values can be an order's event time. Every output and changelog record
 * carries its order's event time as timestamp, so an unusable one does damage beyond its own order:
 *
 * <ul>
 *   <li>Not representable in epoch milliseconds ({@code Instant.MAX}-like values): {@code toEpochMilli}
 *       overflows.</li>
 *   <li>Before 1970: Kafka Streams drops a record with a negative timestamp (logged, not dead-lettered),
 *       and no producer may send one.</li>
 *   <li>More than {@code maxAhead} after this instance's clock: the broker refuses a record whose
 *       timestamp lies more than {@code message.timestamp.after.max.ms} (1 hour by default since Kafka 4.0)
 *       in its future, which under exactly-once aborts the transaction; and well before that, such an
 *       order moves stream time ahead and makes the on-time orders of its partition late.</li>
 * </ul>
 * An order with an unusable {@code createdAt} is dead-lettered by the topology's gate, not processed.
 *
 * @param maxAhead how far in this instance's future {@code createdAt} may be (producers' clock skew);
 *                 keep it well below the brokers' {@code message.timestamp.after.max.ms}
 */
public record EventTimeRule(Duration maxAhead) {
    /** Returned by {@link #epochMillis} for an instant that has no epoch-millisecond value. */
    public static final long UNREPRESENTABLE = Long.MIN_VALUE;
    private static final long MAX_EPOCH_SECOND = Long.MAX_VALUE / 1000 - 1;
    private static final long MIN_EPOCH_SECOND = Long.MIN_VALUE / 1000 + 1;

    /** The instant in epoch milliseconds, or {@link #UNREPRESENTABLE}; never throws. */
    public static long epochMillis(Instant instant) {
        long seconds = instant.getEpochSecond();
        if (seconds > MAX_EPOCH_SECOND || seconds < MIN_EPOCH_SECOND) {
            return UNREPRESENTABLE;
        }
        return seconds * 1000 + instant.getNano() / 1_000_000;
    }

    /** Whether {@code createdAt} may be used as event time when this instance's clock reads {@code nowMs}. */
    public boolean usable(Instant createdAt, long nowMs) {
        long millis = epochMillis(createdAt);
        return millis != UNREPRESENTABLE && millis >= 0 && millis - maxAhead.toMillis() <= nowMs;
    }

    /** Why {@code createdAt} is not usable, for the dead letter's error message. */
    public String whyNotUsable(Instant createdAt) {
        long millis = epochMillis(createdAt);
        if (millis == UNREPRESENTABLE) {
            return "is not representable in epoch milliseconds: " + createdAt;
        }
        if (millis < 0) {
            return "is before 1970, which no Kafka record timestamp can be: " + createdAt;
        }
        return "is more than " + maxAhead + " in the future (" + createdAt + "); the broker would refuse its output";
    }
}

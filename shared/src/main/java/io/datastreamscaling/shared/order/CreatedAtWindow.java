package io.datastreamscaling.shared.order;

import java.time.Duration;
import java.time.Instant;

/**
 * Which {@code createdAt} a service accepts when it reads an order: from {@link #EARLIEST} up to
 * {@link #MAX_AHEAD} past its own clock, both ends included. Decoding applies it on every path
 * ({@code POST /orders}, the consumer, Kafka Streams), so an order outside is a 400 at the edge and
 * a dead letter downstream instead of a record that stops a service.
 *
 * <p>Why these ends:
 * <ul>
 *   <li>The upper end protects Kafka Streams, which stamps its output records with the order's
 *       event time: a broker refuses a record stamped more than {@code message.timestamp.after.max.ms}
 *       ahead of its clock (1 hour by default since Kafka 4.0), and one such order in the year 9999
 *       once stopped the Streams app for good. Five minutes leaves room for ordinary clock skew
 *       between hosts and stays far below that hour; a later time can only be a bug or an attack.
 *       It also keeps {@code Instant.toEpochMilli()} (timestamp extractors, latency meters) from
 *       overflowing.</li>
 *   <li>The lower end is 2000-01-01T00:00:00Z rather than the epoch: a producer refuses negative
 *       timestamps, and an order "created" in 1970 is a clock that was never set or seconds read as
 *       milliseconds, not an order. No order of this system can be older; replays of old records
 *       still decode, however old they are by now, because this end does not move.</li>
 * </ul>
 *
 * <p>The upper end moves with the reader's clock: a record refused as "ahead" would decode if read
 * again after that time. That is the point (the broker's check is relative to its clock too), and
 * the refusal message carries the reader's time so that a skewed clock is visible.
 */
public final class CreatedAtWindow {
    /** The earliest {@code createdAt} accepted. */
    public static final Instant EARLIEST = Instant.parse("2000-01-01T00:00:00Z");
    /** How far a {@code createdAt} may be ahead of the reading service's clock. */
    public static final Duration MAX_AHEAD = Duration.ofMinutes(5);

    private CreatedAtWindow() {
    }

    /** Whether {@code createdAt} is inside the window of a service whose clock reads {@code now}. */
    public static boolean contains(Instant createdAt, Instant now) {
        return !createdAt.isBefore(EARLIEST) && !createdAt.isAfter(now.plus(MAX_AHEAD));
    }

    /**
     * Refuses a {@code createdAt} outside the window, saying which end it is past.
     *
     * @throws InvalidOrderException for field {@code createdAt}
     */
    public static void check(Instant createdAt, Instant now) {
        if (createdAt.isBefore(EARLIEST)) {
            throw new InvalidOrderException("createdAt", "is before " + EARLIEST + ": " + createdAt);
        }
        if (createdAt.isAfter(now.plus(MAX_AHEAD))) {
            throw new InvalidOrderException("createdAt", "is more than " + MAX_AHEAD.toMinutes()
                    + " minutes ahead of this service's clock (" + now + "): " + createdAt);
        }
    }
}

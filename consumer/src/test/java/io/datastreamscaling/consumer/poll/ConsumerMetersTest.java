package io.datastreamscaling.consumer.poll;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Instant;
import org.junit.jupiter.api.Test;

/** The end-to-end latency of orders whose createdAt is anywhere an Instant can be. */
class ConsumerMetersTest {
    private static final Instant NOW = Instant.parse("2026-06-01T12:00:00Z");
    private static final long CAP_NANOS = ConsumerMeters.MAX_LATENCY_SECONDS * 1_000_000_000L;

    @Test
    void ordinaryLatencyIsExactToTheNanosecond() {
        assertEquals(1_500_000_001L, ConsumerMeters.latencyNanos(NOW.minusNanos(1_500_000_001L), NOW));
    }

    @Test
    void createdAtInTheFutureCountsZeroInsteadOfANegativeOrOverflowedLatency() {
        assertEquals(0, ConsumerMeters.latencyNanos(NOW.plusNanos(1), NOW));
        assertEquals(0, ConsumerMeters.latencyNanos(Instant.parse("9999-12-31T23:59:59.999999999Z"), NOW));
        assertEquals(0, ConsumerMeters.latencyNanos(Instant.MAX, NOW));
    }

    @Test
    void createdAtCenturiesAgoCountsTheCapInsteadOfOverflowingIntoAWrongSign() {
        assertEquals(CAP_NANOS, ConsumerMeters.latencyNanos(Instant.parse("0001-01-01T00:00:00Z"), NOW));
        assertEquals(CAP_NANOS, ConsumerMeters.latencyNanos(Instant.MIN, NOW));
        assertEquals(CAP_NANOS, ConsumerMeters.latencyNanos(Instant.EPOCH, Instant.MAX));
    }
}

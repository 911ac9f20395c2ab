package io.datastreamscaling.shared.order;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** The one place that says which {@code createdAt} a service accepts when it reads an order. */
class CreatedAtWindowTest {
    private static final Instant NOW = Instant.parse("2026-12-06T20:00:00Z");

    @Test
    void theWindowIsFrom2000UntilFiveMinutesAheadOfTheReadersClock() {
        assertEquals(Instant.parse("2000-01-01T00:00:00Z"), CreatedAtWindow.EARLIEST);
        assertEquals(Duration.ofMinutes(5), CreatedAtWindow.MAX_AHEAD);
    }

    @Test
    void bothEdgesAreInside() {
        assertDoesNotThrow(() -> CreatedAtWindow.check(CreatedAtWindow.EARLIEST, NOW));
        assertDoesNotThrow(() -> CreatedAtWindow.check(NOW.plus(CreatedAtWindow.MAX_AHEAD), NOW));
    }

    @Test
    void anOldOrderIsInsideWhateverItsAge() {
        assertDoesNotThrow(() -> CreatedAtWindow.check(Instant.parse("2001-09-09T01:46:40Z"), NOW));
    }

    @Test
    void beforeTheEarliestInstantIsRefused() {
        InvalidOrderException e = assertThrows(InvalidOrderException.class,
                () -> CreatedAtWindow.check(CreatedAtWindow.EARLIEST.minusNanos(1), NOW));

        assertEquals("createdAt", e.field());
        assertEquals("createdAt is before 2000-01-01T00:00:00Z: 1999-12-31T23:59:59.999999999Z", e.getMessage());
    }

    @Test
    void moreThanFiveMinutesAheadOfTheReadersClockIsRefused() {
        InvalidOrderException e = assertThrows(InvalidOrderException.class,
                () -> CreatedAtWindow.check(NOW.plus(CreatedAtWindow.MAX_AHEAD).plusNanos(1), NOW));

        assertEquals("createdAt is more than 5 minutes ahead of this service's clock (2026-12-06T20:00:00Z):"
                + " 2026-12-06T20:05:00.000000001Z", e.getMessage());
    }

    @Test
    void theExtremeInstantsAreRefusedWithoutOverflow() {
        InvalidOrderException max = assertThrows(InvalidOrderException.class, () -> CreatedAtWindow.check(Instant.MAX, NOW));
        InvalidOrderException min = assertThrows(InvalidOrderException.class, () -> CreatedAtWindow.check(Instant.MIN, NOW));
        InvalidOrderException epoch = assertThrows(InvalidOrderException.class, () -> CreatedAtWindow.check(Instant.EPOCH, NOW));

        assertEquals("createdAt", max.field());
        assertEquals("createdAt is before 2000-01-01T00:00:00Z: -1000000000-01-01T00:00:00Z", min.getMessage());
        assertEquals("createdAt is before 2000-01-01T00:00:00Z: 1970-01-01T00:00:00Z", epoch.getMessage());
    }

    @Test
    void theWholeWindowFitsKafkaTimestamps() {
        // Any instant inside converts to a record timestamp: no ArithmeticException, never negative.
        assertDoesNotThrow(() -> CreatedAtWindow.EARLIEST.toEpochMilli());
        assertEquals(946_684_800_000L, CreatedAtWindow.EARLIEST.toEpochMilli());
    }
}

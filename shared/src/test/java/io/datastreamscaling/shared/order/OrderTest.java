package io.datastreamscaling.shared.order;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class OrderTest {
    private static final UUID ID = UUID.randomUUID();
    private static final Instant NOW = Instant.parse("2026-01-01T00:00:00Z");

    @Test
    void amountIsKeptWithExactlyTwoDecimals() {
        Order order = new Order(ID, "u", new BigDecimal("7"), "EUR", NOW);

        assertEquals("7.00", order.amount().toPlainString());
    }

    @Test
    void ordersThatDifferOnlyInAmountScaleAreEqual() {
        Order a = new Order(ID, "u", new BigDecimal("7.5"), "EUR", NOW);
        Order b = new Order(ID, "u", new BigDecimal("7.50"), "EUR", NOW);

        assertEquals(a, b);
        assertEquals(a.hashCode(), b.hashCode());
    }

    @Test
    void ordersWithDifferentAmountsDiffer() {
        assertNotEquals(new Order(ID, "u", new BigDecimal("7.50"), "EUR", NOW), new Order(ID, "u", new BigDecimal("7.51"), "EUR", NOW));
    }

    @Test
    void anAmountWithAHugeExponentIsRefusedWithAShortMessage() {
        // 11 characters of JSON; in plain digits 100 million characters, which ran a 64 MB heap out of memory
        InvalidOrderException tiny = assertThrows(InvalidOrderException.class,
                () -> new Order(ID, "u", new BigDecimal("1e-99999999"), "EUR", NOW));
        InvalidOrderException negative = assertThrows(InvalidOrderException.class,
                () -> new Order(ID, "u", new BigDecimal("-1e99999999"), "EUR", NOW));

        assertEquals("amount has more than 2 decimals: 1E-99999999", tiny.getMessage());
        assertEquals("amount must be greater than 0, was -1E+99999999", negative.getMessage());
    }

    @Test
    void anAmountWithAFewDecimalsTooManyIsShownInPlainDigits() {
        InvalidOrderException e = assertThrows(InvalidOrderException.class,
                () -> new Order(ID, "u", new BigDecimal("1E-5"), "EUR", NOW));

        assertEquals("amount has more than 2 decimals: 0.00001", e.getMessage());
    }

    @Test
    void tooLongUserIdIsRefusedNamingTheField() {
        InvalidOrderException e = assertThrows(InvalidOrderException.class,
                () -> new Order(ID, "u".repeat(Order.MAX_USER_ID_LENGTH + 1), BigDecimal.ONE, "EUR", NOW));

        assertEquals("userId", e.field());
    }

    @Test
    void missingCreatedAtIsRefusedNamingTheField() {
        InvalidOrderException e = assertThrows(InvalidOrderException.class, () -> new Order(ID, "u", BigDecimal.ONE, "EUR", null));

        assertEquals("createdAt", e.field());
    }
}

package io.datastreamscaling.shared.order;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.Currency;
import java.util.Objects;
import java.util.UUID;

/**
 * One order event: the value of every record on the {@code orders} topic.
 *
 * <p>The compact constructor is the single place the schema in DESIGN.md is enforced, so an
 * {@code Order} that exists is valid: amount is a {@link BigDecimal} (never a binary float, which
 * cannot hold 0.10 exactly), strictly positive, with at most two decimals; currency is an ISO 4217
 * code; every field is present.
 */
public record Order(UUID orderId, String userId, BigDecimal amount, String currency, Instant createdAt) {

    /** Largest amount the Postgres column {@code numeric(12,2)} can hold. */
    public static final BigDecimal MAX_AMOUNT = new BigDecimal("9999999999.99");
    public static final int MAX_USER_ID_LENGTH = 128;

    public Order {
        require(orderId != null, "orderId", "is required");
        require(userId != null && !userId.isBlank(), "userId", "is required");
        require(userId.length() <= MAX_USER_ID_LENGTH, "userId", "is longer than " + MAX_USER_ID_LENGTH + " characters");
        require(amount != null, "amount", "is required");
        require(amount.signum() > 0, "amount", "must be greater than 0, was " + amount.toPlainString());
        require(amount.stripTrailingZeros().scale() <= 2, "amount", "has more than 2 decimals: " + amount.toPlainString());
        require(amount.compareTo(MAX_AMOUNT) <= 0, "amount", "is larger than " + MAX_AMOUNT.toPlainString());
        require(currency != null, "currency", "is required");
        require(isIsoCurrency(currency), "currency", "is not an ISO 4217 code: " + currency);
        require(createdAt != null, "createdAt", "is required");
        amount = amount.setScale(2);
    }

    /** A new order with a fresh id, created now. */
    public static Order create(String userId, BigDecimal amount, String currency) {
        return new Order(UUID.randomUUID(), userId, amount, currency, Instant.now());
    }

    private static boolean isIsoCurrency(String code) {
        if (code.length() != 3) {
            return false;
        }
        try {
            return Currency.getInstance(code).getCurrencyCode().equals(code);
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    private static void require(boolean condition, String field, String problem) {
        if (!condition) {
            throw new InvalidOrderException(field, problem);
        }
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Order other
                && orderId.equals(other.orderId)
                && userId.equals(other.userId)
                && amount.compareTo(other.amount) == 0
                && currency.equals(other.currency)
                && createdAt.equals(other.createdAt);
    }

    @Override
    public int hashCode() {
        return Objects.hash(orderId, userId, amount.stripTrailingZeros(), currency, createdAt);
    }
}

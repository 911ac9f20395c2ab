package io.datastreamscaling.shared.order;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.Currency;
import java.util.Objects;
import java.util.UUID;

/**
 * One order event: the value of every record on the {@code orders} topic.
 *
 * <p>The compact constructor is the single place the schema of docs/contract.md is enforced, so an
 * {@code Order} that exists is valid: every field is present; userId is 1 to 128 characters, not
 * blank, with none of the characters {@link UnsafeCharacters} refuses; amount is a
 * {@link BigDecimal} (never a binary float, which cannot hold 0.10 exactly), strictly positive, at
 * most {@link #MAX_AMOUNT}, with at most two decimals; currency is the ISO 4217 code of money.
 *
 * <p>The one rule not checked here is the {@code createdAt} window ({@link CreatedAtWindow}): it is
 * relative to the clock of the service that reads an order, so decoding applies it, not the type.
 */
public record Order(UUID orderId, String userId, BigDecimal amount, String currency, Instant createdAt) {

    /** Largest amount the Postgres column {@code numeric(12,2)} can hold. */
    public static final BigDecimal MAX_AMOUNT = new BigDecimal("9999999999.99");
    public static final int MAX_USER_ID_LENGTH = 128;
    /** Beyond this many places an amount is shown in E-notation (see {@link #shown}). */
    private static final int MAX_SHOWN_SCALE = 64;

    public Order {
        // Each message is built only when its check fails: this runs once per order on every hot
        // path (generate, decode), and eager "..." + amount.toPlainString() cost more than the checks.
        if (orderId == null) {
            throw invalid("orderId", "is required");
        }
        if (userId == null || userId.isBlank()) {
            throw invalid("userId", "is required");
        }
        if (userId.length() > MAX_USER_ID_LENGTH) {
            throw invalid("userId", "is longer than " + MAX_USER_ID_LENGTH + " characters");
        }
        String userIdProblem = UnsafeCharacters.problemIn(userId);
        if (userIdProblem != null) {
            throw invalid("userId", userIdProblem);
        }
        if (amount == null) {
            throw invalid("amount", "is required");
        }
        if (amount.signum() <= 0) {
            throw invalid("amount", "must be greater than 0, was " + shown(amount));
        }
        if (amount.scale() > 2 && amount.stripTrailingZeros().scale() > 2) {
            throw invalid("amount", "has more than 2 decimals: " + shown(amount));
        }
        if (amount.compareTo(MAX_AMOUNT) > 0) {
            throw invalid("amount", "is larger than " + MAX_AMOUNT.toPlainString());
        }
        if (currency == null) {
            throw invalid("currency", "is required");
        }
        Currency known = isoCurrency(currency);
        if (known == null) {
            throw invalid("currency", "is not an ISO 4217 code: " + UnsafeCharacters.shown(currency));
        }
        if (known.getDefaultFractionDigits() < 0) {
            throw invalid("currency", "is not money: " + currency + " has no minor unit in ISO 4217"
                    + " (precious metals, bond and fund units, XDR, XSU, XUA, XTS and XXX are refused)");
        }
        if (createdAt == null) {
            throw invalid("createdAt", "is required");
        }
        amount = amount.setScale(2);
    }

    /**
     * The amount for a message: plain digits while its exponent is sane, else E-notation. A JSON
     * number of 11 characters such as {@code 1e-99999999} is 100 million digits in plain form: one
     * such request must not be able to exhaust the heap of the service that refuses it.
     */
    private static String shown(BigDecimal amount) {
        return Math.abs((long) amount.scale()) <= MAX_SHOWN_SCALE ? amount.toPlainString() : amount.toString();
    }

    /** A new order with a fresh id, created now. */
    public static Order create(String userId, BigDecimal amount, String currency) {
        return new Order(UUID.randomUUID(), userId, amount, currency, Instant.now());
    }

    /**
     * The currency of an upper-case ISO 4217 code the JDK knows, or null. Money is then the codes
     * with a minor unit: ISO 4217 gives none ("N.A.") exactly to the codes that are not money, and
     * the JDK reports that as -1 fraction digits (XAU, XAG, XPT, XPD, XBA–XBD, XDR, XSU, XUA, XTS,
     * XXX, and the withdrawn XFO, XFU), while the circulating X-codes (XAF, XOF, XPF, XCD) have one.
     */
    private static Currency isoCurrency(String code) {
        if (code.length() != 3) {
            return null;
        }
        try {
            Currency currency = Currency.getInstance(code);
            return currency.getCurrencyCode().equals(code) ? currency : null;
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    private static InvalidOrderException invalid(String field, String problem) {
        return new InvalidOrderException(field, problem);
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

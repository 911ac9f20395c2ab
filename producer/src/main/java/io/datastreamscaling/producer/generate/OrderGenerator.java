package io.datastreamscaling.producer.generate;

import io.datastreamscaling.shared.order.Order;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.OptionalLong;
import java.util.SplittableRandom;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Synthetic orders: Zipf-skewed users, log-normal amounts between 5.00 and 2000.00 (most orders
 * small, a few large), and a handful of currencies.
 *
 * <p>With a seed, the sequence of users, amounts and currencies repeats exactly. Order ids come
 * from a separate unseeded source on purpose: two runs with the same seed must not produce the
 * same orderIds, or an idempotent sink would drop the second run as duplicates. Not thread-safe:
 * one generator per sending thread.
 */
public final class OrderGenerator {
    private static final double MIN_AMOUNT = 5.00;
    private static final double MAX_AMOUNT = 2000.00;
    // Median exp(mu) = 40.00; sigma 1.0 puts ~2% of orders above 400.
    private static final double LOG_MEDIAN = Math.log(40.0);
    private static final double LOG_SIGMA = 1.0;
    // Weighted by repetition: EUR is the home currency, the others are rarer.
    private static final String[] CURRENCIES = {"EUR", "EUR", "EUR", "EUR", "EUR", "USD", "USD", "USD", "GBP", "CHF"};

    private final ZipfUsers users;
    private final SplittableRandom random;

    public OrderGenerator(int users, double skew, OptionalLong seed) {
        this.users = new ZipfUsers(users, skew);
        this.random = seed.isPresent() ? new SplittableRandom(seed.getAsLong()) : new SplittableRandom();
    }

    public Order next() {
        String userId = userId(users.pick(random));
        BigDecimal amount = amount();
        String currency = CURRENCIES[random.nextInt(CURRENCIES.length)];
        ThreadLocalRandom ids = ThreadLocalRandom.current();
        return new Order(randomUuid(ids.nextLong(), ids.nextLong()), userId, amount, currency, Instant.now());
    }

    /** The user id for user number {@code k}: fixed width so ids sort like their numbers. */
    public static String userId(int k) {
        String digits = Integer.toString(k);
        return digits.length() >= 6 ? "user-" + digits : "user-" + "000000".substring(digits.length()) + digits;
    }

    private BigDecimal amount() {
        double value = Math.exp(LOG_MEDIAN + LOG_SIGMA * random.nextGaussian());
        double clamped = Math.min(MAX_AMOUNT, Math.max(MIN_AMOUNT, value));
        // Whole cents as a long, then scale 2: exact, never a binary fraction inside the BigDecimal.
        return BigDecimal.valueOf(Math.round(clamped * 100), 2);
    }

    /** A version-4 (random) UUID from two random longs, without {@code UUID.randomUUID()}'s SecureRandom cost. */
    private static UUID randomUuid(long high, long low) {
        long versioned = (high & ~0xF000L) | 0x4000L;
        long variant = (low & 0x3FFFFFFFFFFFFFFFL) | 0x8000000000000000L;
        return new UUID(versioned, variant);
    }
}

package io.datastreamscaling.producer;

import io.datastreamscaling.shared.config.Env;
import io.datastreamscaling.shared.config.InvalidSettingException;
import io.datastreamscaling.shared.config.KafkaSettings;
import io.datastreamscaling.shared.kafka.TopicSettings;
import io.datastreamscaling.shared.kafka.Topics;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;

/**
 * Every setting of the producer service, read once at start. A bad value fails here with an
 * {@link InvalidSettingException} naming the variable, before any connection is opened.
 *
 * @param ratePerSecond    orders per second the generator sends; {@link Double#POSITIVE_INFINITY} for
 *                         {@code PRODUCER_RATE=max} (as fast as the broker takes them)
 * @param maxOrders        the generator stops after this many orders ({@code PRODUCER_MAX_ORDERS}, 0 = never):
 *                         a fixed amount of work for benchmarks and load tests, which then read its
 *                         "generator finished" line
 * @param seed             fixes the generated users, amounts and currencies (not the order ids, so two
 *                         runs never produce the same orderId)
 * @param startupTimeout   how long start-up waits for Kafka before it goes on, not ready, and keeps
 *                         trying in the background
 * @param verifyFile       where to write one JSON line per acknowledged order (the delivery verifier's
 *                         input); empty = off, and then it costs nothing
 * @param maxInFlight      {@code POST /orders} requests handled at once (body read, waiting for Kafka);
 *                         past it a request gets 503 with {@code Retry-After} at once. Bounds memory
 *                         ({@code maxInFlight × maxBodyBytes} at worst) and the threads submissions take
 * @param apiToken         when present, {@code POST /orders} requires {@code Authorization: Bearer <token>};
 *                         {@code PRODUCER_API_TOKEN_REQUIRED=true} makes start-up fail without one
 */
public record ProducerSettings(
        int httpPort,
        String topic,
        TopicSettings topicSettings,
        boolean generatorEnabled,
        double ratePerSecond,
        long maxOrders,
        OptionalLong seed,
        int users,
        double userSkew,
        Duration sendTimeout,
        int maxBodyBytes,
        int maxInFlight,
        Duration startupTimeout,
        Duration closeTimeout,
        Optional<Path> verifyFile,
        Optional<String> apiToken) {

    public static final String HTTP_PORT = "HTTP_PORT";
    public static final String ORDERS_TOPIC = "ORDERS_TOPIC";
    public static final String PRODUCER_GENERATOR_ENABLED = "PRODUCER_GENERATOR_ENABLED";
    public static final String PRODUCER_RATE = "PRODUCER_RATE";
    public static final String PRODUCER_MAX_ORDERS = "PRODUCER_MAX_ORDERS";
    public static final String PRODUCER_SEED = "PRODUCER_SEED";
    public static final String PRODUCER_USERS = "PRODUCER_USERS";
    public static final String PRODUCER_USER_SKEW = "PRODUCER_USER_SKEW";
    public static final String PRODUCER_SEND_TIMEOUT_MS = "PRODUCER_SEND_TIMEOUT_MS";
    public static final String PRODUCER_MAX_BODY_BYTES = "PRODUCER_MAX_BODY_BYTES";
    public static final String PRODUCER_STARTUP_TIMEOUT_MS = "PRODUCER_STARTUP_TIMEOUT_MS";
    public static final String PRODUCER_CLOSE_TIMEOUT_MS = "PRODUCER_CLOSE_TIMEOUT_MS";
    public static final String PRODUCER_VERIFY_FILE = "PRODUCER_VERIFY_FILE";
    /** A secret: also readable from the file named by {@code PRODUCER_API_TOKEN_FILE}. */
    public static final String PRODUCER_API_TOKEN = "PRODUCER_API_TOKEN";
    /** {@code true}: start-up fails unless {@code PRODUCER_API_TOKEN} (or its file) is set. */
    public static final String PRODUCER_API_TOKEN_REQUIRED = "PRODUCER_API_TOKEN_REQUIRED";
    public static final String PRODUCER_MAX_IN_FLIGHT = "PRODUCER_MAX_IN_FLIGHT";
    /** Longest PRODUCER_SEND_TIMEOUT_MS: the HTTP server closes a connection whose answer takes 90 s. */
    static final Duration MAX_SEND_TIMEOUT = Duration.ofSeconds(60);

    /** Every variable this service reads (pass-through {@code KAFKA_PRODUCER_*}/{@code KAFKA_ADMIN_*} aside). */
    public static final Set<String> VARIABLES = Set.of(HTTP_PORT, ORDERS_TOPIC, PRODUCER_GENERATOR_ENABLED,
            PRODUCER_RATE, PRODUCER_MAX_ORDERS, PRODUCER_SEED, PRODUCER_USERS, PRODUCER_USER_SKEW, PRODUCER_SEND_TIMEOUT_MS,
            PRODUCER_MAX_BODY_BYTES, PRODUCER_STARTUP_TIMEOUT_MS, PRODUCER_CLOSE_TIMEOUT_MS,
            PRODUCER_VERIFY_FILE, PRODUCER_API_TOKEN, PRODUCER_API_TOKEN + "_FILE", PRODUCER_API_TOKEN_REQUIRED, PRODUCER_MAX_IN_FLIGHT,
            KafkaSettings.BOOTSTRAP_SERVERS, TopicSettings.PARTITIONS, TopicSettings.REPLICATION_FACTOR);

    public static final int DEFAULT_HTTP_PORT = 8081;
    public static final String RATE_MAX = "max";
    private static final double MAX_FIXED_RATE = 10_000_000;

    public static ProducerSettings from(Env env) {
        return new ProducerSettings(
                env.integer(HTTP_PORT, DEFAULT_HTTP_PORT, 0, 65_535),
                env.string(ORDERS_TOPIC, Topics.ORDERS),
                TopicSettings.from(env),
                env.bool(PRODUCER_GENERATOR_ENABLED, true),
                rate(env.string(PRODUCER_RATE, "1")),
                env.longValue(PRODUCER_MAX_ORDERS, 0, 0, Long.MAX_VALUE),
                seed(env),
                env.integer(PRODUCER_USERS, 10_000, 1, 1_000_000),
                skew(env.decimal(PRODUCER_USER_SKEW, new BigDecimal("1.1"))),
                env.millis(PRODUCER_SEND_TIMEOUT_MS, Duration.ofSeconds(5), Duration.ofMillis(1), MAX_SEND_TIMEOUT),
                env.integer(PRODUCER_MAX_BODY_BYTES, 64 * 1024, 256, 16 * 1024 * 1024),
                env.integer(PRODUCER_MAX_IN_FLIGHT, 256, 1, 100_000),
                env.millis(PRODUCER_STARTUP_TIMEOUT_MS, Duration.ofSeconds(15), Duration.ofMillis(100), Duration.ofMinutes(10)),
                env.millis(PRODUCER_CLOSE_TIMEOUT_MS, Duration.ofSeconds(10), Duration.ZERO, Duration.ofMinutes(5)),
                env.optional(PRODUCER_VERIFY_FILE).map(Path::of),
                apiToken(env));
    }

    private static Optional<String> apiToken(Env env) {
        boolean required = env.bool(PRODUCER_API_TOKEN_REQUIRED, false);
        Optional<String> token = env.secret(PRODUCER_API_TOKEN);
        if (token.isPresent() && token.get().isBlank()) {
            // An empty token would make "Authorization: Bearer " a valid credential.
            throw new InvalidSettingException(PRODUCER_API_TOKEN, "is set but empty; unset it to leave POST /orders open");
        }
        if (required && token.isEmpty()) {
            // A secure deployment whose secret failed to mount must not start with POST /orders open.
            throw new InvalidSettingException(PRODUCER_API_TOKEN, "is required (" + PRODUCER_API_TOKEN_REQUIRED
                    + "=true) but neither it nor " + PRODUCER_API_TOKEN + "_FILE is set");
        }
        return token;
    }

    public boolean unlimitedRate() {
        return Double.isInfinite(ratePerSecond);
    }

    /** True when the generator stops by itself after {@link #maxOrders()} orders. */
    public boolean limitedOrders() {
        return maxOrders > 0;
    }

    private static double rate(String text) {
        if (text.toLowerCase(Locale.ROOT).equals(RATE_MAX)) {
            return Double.POSITIVE_INFINITY;
        }
        double rate;
        try {
            rate = Double.parseDouble(text);
        } catch (NumberFormatException e) {
            throw new InvalidSettingException(PRODUCER_RATE, "'" + text + "' is neither a number of orders per second nor 'max'");
        }
        if (!(rate > 0 && rate <= MAX_FIXED_RATE)) {
            throw new InvalidSettingException(PRODUCER_RATE, text + " is outside (0, " + (long) MAX_FIXED_RATE + "]; use 'max' for no limit");
        }
        return rate;
    }

    private static OptionalLong seed(Env env) {
        return env.optional(PRODUCER_SEED).map(text -> {
            try {
                return OptionalLong.of(Long.parseLong(text));
            } catch (NumberFormatException e) {
                throw new InvalidSettingException(PRODUCER_SEED, "'" + text + "' is not a whole number");
            }
        }).orElse(OptionalLong.empty());
    }

    private static double skew(BigDecimal skew) {
        // 0 = every user equally likely; around 1 = Zipf's law; much above 3 = one user takes nearly all.
        if (skew.signum() < 0 || skew.compareTo(BigDecimal.TEN) > 0) {
            throw new InvalidSettingException(PRODUCER_USER_SKEW, skew.toPlainString() + " is outside 0..10");
        }
        return skew.doubleValue();
    }
}

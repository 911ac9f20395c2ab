package io.datastreamscaling.streams;

import io.datastreamscaling.shared.config.Env;
import io.datastreamscaling.shared.config.InvalidSettingException;
import io.datastreamscaling.shared.config.KafkaSettings;
import io.datastreamscaling.shared.kafka.TopicSettings;
import io.datastreamscaling.shared.kafka.Topics;
import io.datastreamscaling.streams.topology.AmountTiers;
import io.datastreamscaling.streams.topology.EventTimeRule;
import io.datastreamscaling.streams.topology.TopologySettings;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Set;

/**
 * Every setting of the streams service, read once from the environment.
 *
 * @param applicationId   Kafka Streams {@code application.id}: the consumer group, the transactional
 *                        id prefix and the prefix of every internal topic. Two deployments with the
 *                        same id share (and split) the work; a new id reprocesses from scratch.
 * @param inputTopic      the orders topic; overridable so tests run on a topic of their own
 * @param tiers           amount thresholds of the LOW/MEDIUM/HIGH tiers
 * @param highValueFrom   orders at or above this amount also go to {@code orders.high-value}
 * @param windowGrace     how long after a window ends a late order is still counted in it; the
 *                        window's final result is emitted only after this, so it is also the delay
 * @param revenueRetention how long windows stay queryable in the revenue store
 * @param maxEventTimeAhead how far in the future a {@code createdAt} may be (producers' clock skew);
 *                        a later one is dead-lettered ({@link EventTimeRule})
 * @param standbyReplicas warm copies of each state store on other instances (faster fail-over)
 * @param stateDir        where RocksDB keeps the local state (a volume in Kubernetes)
 * @param advertisedHost  the host other instances use to reach this one's HTTP port (application.server)
 * @param httpPort        HTTP port (0 = any free port)
 */
public record StreamsSettings(
        String applicationId,
        String inputTopic,
        AmountTiers tiers,
        BigDecimal highValueFrom,
        Duration windowGrace,
        Duration revenueRetention,
        Duration maxEventTimeAhead,
        int standbyReplicas,
        Path stateDir,
        String advertisedHost,
        int httpPort,
        TopicSettings topics) {

    public static final String APPLICATION_ID = "STREAMS_APPLICATION_ID";
    public static final String ORDERS_TOPIC = "ORDERS_TOPIC";
    public static final String TIER_MEDIUM_FROM = "STREAMS_TIER_MEDIUM_FROM";
    public static final String TIER_HIGH_FROM = "STREAMS_TIER_HIGH_FROM";
    public static final String HIGH_VALUE_FROM = "STREAMS_HIGH_VALUE_FROM";
    public static final String WINDOW_GRACE_MS = "STREAMS_WINDOW_GRACE_MS";
    public static final String REVENUE_RETENTION_MS = "STREAMS_REVENUE_RETENTION_MS";
    public static final String MAX_EVENT_TIME_AHEAD_MS = "STREAMS_MAX_EVENT_TIME_AHEAD_MS";
    public static final String STANDBY_REPLICAS = "STREAMS_STANDBY_REPLICAS";
    public static final String STATE_DIR = "STREAMS_STATE_DIR";
    public static final String ADVERTISED_HOST = "STREAMS_ADVERTISED_HOST";
    public static final String HTTP_PORT = "HTTP_PORT";
    public static final int DEFAULT_HTTP_PORT = 8082;

    /** Every variable this service reads (the Compose/Kubernetes consistency test uses it). */
    public static final Set<String> VARIABLES = Set.of(APPLICATION_ID, ORDERS_TOPIC, TIER_MEDIUM_FROM, TIER_HIGH_FROM,
            HIGH_VALUE_FROM, WINDOW_GRACE_MS, REVENUE_RETENTION_MS, MAX_EVENT_TIME_AHEAD_MS, STANDBY_REPLICAS, STATE_DIR, ADVERTISED_HOST,
            HTTP_PORT, KafkaSettings.BOOTSTRAP_SERVERS, TopicSettings.PARTITIONS, TopicSettings.REPLICATION_FACTOR);

    public static StreamsSettings from(Env env) {
        BigDecimal mediumFrom = positive(env, TIER_MEDIUM_FROM, new BigDecimal("100.00"));
        BigDecimal highFrom = positive(env, TIER_HIGH_FROM, new BigDecimal("1000.00"));
        if (highFrom.compareTo(mediumFrom) <= 0) {
            throw new InvalidSettingException(TIER_HIGH_FROM, highFrom.toPlainString() + " must be above "
                    + TIER_MEDIUM_FROM + " (" + mediumFrom.toPlainString() + ")");
        }
        Duration grace = env.millis(WINDOW_GRACE_MS, Duration.ofSeconds(10), Duration.ZERO, Duration.ofHours(1));
        Duration retention = env.millis(REVENUE_RETENTION_MS, Duration.ofHours(24), Duration.ofMinutes(2), Duration.ofDays(30));
        if (retention.compareTo(Duration.ofMinutes(1).plus(grace)) < 0) {
            // Kafka Streams refuses a window store that forgets windows before they can close.
            throw new InvalidSettingException(REVENUE_RETENTION_MS, "must be at least one window (1 min) plus "
                    + WINDOW_GRACE_MS);
        }
        return new StreamsSettings(
                env.string(APPLICATION_ID, "orders-streams"),
                env.string(ORDERS_TOPIC, Topics.ORDERS),
                new AmountTiers(mediumFrom, highFrom),
                positive(env, HIGH_VALUE_FROM, new BigDecimal("1000.00")),
                grace,
                retention,
                // Up to a day: above the brokers' message.timestamp.after.max.ms (1 h by default) the
                // broker refuses such outputs, which the production handler then dead-letters.
                env.millis(MAX_EVENT_TIME_AHEAD_MS, Duration.ofMinutes(1), Duration.ZERO, Duration.ofDays(1)),
                env.integer(STANDBY_REPLICAS, 0, 0, 10),
                Path.of(env.string(STATE_DIR, Path.of(System.getProperty("java.io.tmpdir"), "kafka-streams").toString())),
                env.string(ADVERTISED_HOST, "localhost"),
                env.integer(HTTP_PORT, DEFAULT_HTTP_PORT, 0, 65_535),
                TopicSettings.from(env));
    }

    /** The values the topology needs, handed in so the topology package needs nothing of this one. */
    public TopologySettings topology() {
        return new TopologySettings(inputTopic, tiers, highValueFrom, windowGrace, revenueRetention,
                new EventTimeRule(maxEventTimeAhead));
    }

    private static BigDecimal positive(Env env, String name, BigDecimal defaultValue) {
        BigDecimal value = env.decimal(name, defaultValue);
        if (value.signum() <= 0) {
            throw new InvalidSettingException(name, value.toPlainString() + " must be greater than 0");
        }
        return value;
    }
}

package io.datastreamscaling.consumer;

import io.datastreamscaling.consumer.sink.clickhouse.ClickHouseSettings;
import io.datastreamscaling.consumer.sink.postgres.DatabaseSettings;
import io.datastreamscaling.shared.config.Env;
import io.datastreamscaling.shared.config.InvalidSettingException;
import io.datastreamscaling.shared.config.KafkaSettings;
import io.datastreamscaling.shared.kafka.TopicSettings;
import io.datastreamscaling.shared.kafka.Topics;
import java.time.Duration;
import java.util.Optional;
import java.util.Set;

/**
 * Every setting of the consumer service, read once at start. A bad value fails here with an
 * {@link InvalidSettingException} naming the variable, before any connection is opened.
 *
 * <p>The batch size is {@code max.poll.records}: one poll is one sink batch (one database
 * transaction). Set it with the pass-through {@code KAFKA_CONSUMER_MAX_POLL_RECORDS}; the service
 * default is {@link ConsumerClients#DEFAULT_MAX_POLL_RECORDS}.
 *
 * @param sink            where processed orders go: {@code log} (default, the embedded demo), {@code postgres}
 *                        or {@code clickhouse} (the analytics store; group {@code orders-analytics} by default)
 * @param sinkMode        for {@code postgres}: {@code exactly-once} (rows and offsets in one transaction)
 *                        (the {@code clickhouse} sink is always exactly-once in effect)
 *                        or {@code at-least-once} (idempotent insert, Kafka commit after the database commit)
 * @param groupInstanceId static membership: a restarted instance with the same id gets its partitions
 *                        back without a rebalance, if it returns within the session timeout
 * @param retryBackoff    first pause after a transient sink or dead-letter failure; doubles up to
 *                        {@code retryBackoffMax}
 */
public record ConsumerSettings(
        int httpPort,
        String topic,
        String deadLetterTopic,
        TopicSettings topicSettings,
        String groupId,
        Optional<String> groupInstanceId,
        String groupProtocol,
        String autoOffsetReset,
        String sink,
        String sinkMode,
        Optional<DatabaseSettings> database,
        Optional<ClickHouseSettings> clickHouse,
        Duration retryBackoff,
        Duration retryBackoffMax,
        Duration closeTimeout) {

    public static final String HTTP_PORT = "HTTP_PORT";
    public static final String ORDERS_TOPIC = "ORDERS_TOPIC";
    public static final String DLQ_TOPIC = "DLQ_TOPIC";
    public static final String CONSUMER_GROUP_ID = "CONSUMER_GROUP_ID";
    public static final String CONSUMER_GROUP_INSTANCE_ID = "CONSUMER_GROUP_INSTANCE_ID";
    public static final String CONSUMER_GROUP_PROTOCOL = "CONSUMER_GROUP_PROTOCOL";
    public static final String CONSUMER_AUTO_OFFSET_RESET = "CONSUMER_AUTO_OFFSET_RESET";
    public static final String SINK = "SINK";
    public static final String SINK_MODE = "SINK_MODE";
    public static final String CONSUMER_RETRY_BACKOFF_MS = "CONSUMER_RETRY_BACKOFF_MS";
    public static final String CONSUMER_RETRY_BACKOFF_MAX_MS = "CONSUMER_RETRY_BACKOFF_MAX_MS";
    public static final String CONSUMER_CLOSE_TIMEOUT_MS = "CONSUMER_CLOSE_TIMEOUT_MS";

    /** Every variable this service reads (pass-through {@code KAFKA_CONSUMER_*}/{@code KAFKA_PRODUCER_*}/{@code KAFKA_ADMIN_*} aside). */
    public static final Set<String> VARIABLES = Set.of(HTTP_PORT, ORDERS_TOPIC, DLQ_TOPIC, CONSUMER_GROUP_ID,
            CONSUMER_GROUP_INSTANCE_ID, CONSUMER_GROUP_PROTOCOL, CONSUMER_AUTO_OFFSET_RESET, SINK, SINK_MODE,
            CONSUMER_RETRY_BACKOFF_MS, CONSUMER_RETRY_BACKOFF_MAX_MS, CONSUMER_CLOSE_TIMEOUT_MS,
            DatabaseSettings.DB_URL, DatabaseSettings.DB_USER, DatabaseSettings.DB_PASSWORD,
            DatabaseSettings.DB_PASSWORD + "_FILE",
            ClickHouseSettings.CLICKHOUSE_URL, ClickHouseSettings.CLICKHOUSE_DATABASE, ClickHouseSettings.CLICKHOUSE_USER,
            ClickHouseSettings.CLICKHOUSE_PASSWORD, ClickHouseSettings.CLICKHOUSE_PASSWORD + "_FILE",
            ClickHouseSettings.CLICKHOUSE_BATCH_MAX_ROWS, ClickHouseSettings.CLICKHOUSE_BATCH_MAX_BYTES,
            ClickHouseSettings.CLICKHOUSE_TIMEOUT_MS,
            KafkaSettings.BOOTSTRAP_SERVERS, TopicSettings.PARTITIONS, TopicSettings.REPLICATION_FACTOR);

    public static final int DEFAULT_HTTP_PORT = 8083;
    public static final String DEFAULT_GROUP_ID = "orders-consumer";
    /** The ClickHouse sink's own group: either store can be down without holding the other back. */
    public static final String DEFAULT_ANALYTICS_GROUP_ID = "orders-analytics";
    public static final String SINK_LOG = Sinks.LOG;
    public static final String SINK_POSTGRES = Sinks.POSTGRES;
    public static final String SINK_CLICKHOUSE = Sinks.CLICKHOUSE;
    public static final String MODE_EXACTLY_ONCE = "exactly-once";
    public static final String MODE_AT_LEAST_ONCE = "at-least-once";
    public static final String PROTOCOL_CLASSIC = "classic";
    public static final String PROTOCOL_CONSUMER = "consumer";

    public static ConsumerSettings from(Env env) {
        String sink = env.choice(SINK, SINK_LOG, Set.of(SINK_LOG, SINK_POSTGRES, SINK_CLICKHOUSE));
        boolean postgres = sink.equals(SINK_POSTGRES);
        boolean clickHouse = sink.equals(SINK_CLICKHOUSE);
        Duration backoff = env.millis(CONSUMER_RETRY_BACKOFF_MS, Duration.ofMillis(200), Duration.ofMillis(1), Duration.ofMinutes(1));
        Duration backoffMax = env.millis(CONSUMER_RETRY_BACKOFF_MAX_MS, Duration.ofSeconds(10), Duration.ofMillis(1), Duration.ofMinutes(10));
        if (backoffMax.compareTo(backoff) < 0) {
            throw new InvalidSettingException(CONSUMER_RETRY_BACKOFF_MAX_MS, backoffMax.toMillis() + " is below "
                    + CONSUMER_RETRY_BACKOFF_MS + " (" + backoff.toMillis() + ")");
        }
        return new ConsumerSettings(
                env.integer(HTTP_PORT, DEFAULT_HTTP_PORT, 0, 65_535),
                env.string(ORDERS_TOPIC, Topics.ORDERS),
                env.string(DLQ_TOPIC, Topics.ORDERS_DLQ),
                TopicSettings.from(env),
                env.string(CONSUMER_GROUP_ID, clickHouse ? DEFAULT_ANALYTICS_GROUP_ID : DEFAULT_GROUP_ID),
                env.optional(CONSUMER_GROUP_INSTANCE_ID),
                env.choice(CONSUMER_GROUP_PROTOCOL, PROTOCOL_CLASSIC, Set.of(PROTOCOL_CLASSIC, PROTOCOL_CONSUMER)),
                env.choice(CONSUMER_AUTO_OFFSET_RESET, "earliest", Set.of("earliest", "latest", "none")),
                sink,
                postgres ? env.choice(SINK_MODE, MODE_EXACTLY_ONCE, Set.of(MODE_EXACTLY_ONCE, MODE_AT_LEAST_ONCE))
                        // ClickHouse: an exactly-once effect by table offsets and deduplication, no other mode.
                        : clickHouse ? MODE_EXACTLY_ONCE : MODE_AT_LEAST_ONCE,
                postgres ? Optional.of(DatabaseSettings.from(env)) : Optional.empty(),
                clickHouse ? Optional.of(ClickHouseSettings.from(env)) : Optional.empty(),
                backoff,
                backoffMax,
                env.millis(CONSUMER_CLOSE_TIMEOUT_MS, Duration.ofSeconds(30), Duration.ZERO, Duration.ofMinutes(5)));
    }

    public boolean exactlyOnce() {
        return sink.equals(SINK_POSTGRES) && sinkMode.equals(MODE_EXACTLY_ONCE);
    }
}

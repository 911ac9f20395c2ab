package io.datastreamscaling.local.broker.testing;

import io.datastreamscaling.local.broker.BrokerLogging;
import io.datastreamscaling.local.broker.EmbeddedKafkaBroker;
import io.datastreamscaling.shared.kafka.TopicBootstrap;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;

/**
 * The one Kafka broker of a test run (one per test JVM), started on first use and stopped when the
 * JVM exits.
 *
 * <p>By default it is the embedded KRaft broker ({@link EmbeddedKafkaBroker}): no Docker needed, and
 * what CI uses. With {@code -Dtest.kafka=container} it is the official {@code apache/kafka} image at
 * our Kafka version through Testcontainers, on a machine with a Docker engine.
 *
 * <p>Tests share the broker, so each test makes its own topics and groups ({@link #uniqueName}).
 */
public final class TestKafka {
    public static final String MODE_PROPERTY = "test.kafka";
    public static final String KAFKA_IMAGE = "apache/kafka:4.3.1";

    private static String bootstrapServers;

    private TestKafka() {
    }

    public static synchronized String bootstrapServers() {
        if (bootstrapServers == null) {
            String mode = System.getProperty(MODE_PROPERTY, "embedded").toLowerCase(Locale.ROOT);
            bootstrapServers = switch (mode) {
                case "embedded" -> startEmbedded();
                case "container" -> ContainerKafka.start(KAFKA_IMAGE);
                default -> throw new IllegalArgumentException(MODE_PROPERTY + " must be embedded or container, was " + mode);
            };
        }
        return bootstrapServers;
    }

    private static String startEmbedded() {
        BrokerLogging.quietUnlessConfigured();
        EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start(EmbeddedKafkaBroker.Settings.temporary());
        Runtime.getRuntime().addShutdownHook(new Thread(broker::close, "test-kafka-shutdown"));
        return broker.bootstrapServers();
    }

    /** A name no other test uses, so tests sharing the broker never see each other's data. */
    public static String uniqueName(String prefix) {
        return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    public static Admin admin() {
        return Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers()));
    }

    public static void createTopic(String name, int partitions) {
        try (Admin admin = admin()) {
            admin.createTopics(List.of(new NewTopic(name, partitions, (short) 1))).all().get(30, TimeUnit.SECONDS);
            // Produce only once every partition's leader serves it: an idempotent producer writing
            // in the gap after creation can lose its first batch (KAFKA-15591; see TopicBootstrap).
            TopicBootstrap.awaitLeadersServing(admin, List.of(name), Duration.ofSeconds(30));
        } catch (Exception e) {
            throw new IllegalStateException("cannot create topic " + name, e);
        }
    }

    /** The default timeout for waiting on the broker in tests. */
    public static Duration timeout() {
        return Duration.ofSeconds(60);
    }
}

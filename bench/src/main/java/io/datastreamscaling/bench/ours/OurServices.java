package io.datastreamscaling.bench.ours;

import io.datastreamscaling.bench.process.ChildJvm;
import io.datastreamscaling.bench.workload.BenchProducerSettings;
import io.datastreamscaling.producer.ProducerSettings;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;

/**
 * Our producer and consumer configured for a round: the variables a user would set, and the bench
 * producer settings passed through {@code KAFKA_PRODUCER_*} (the same ones {@code ProducerPerformance}
 * gets as {@code --command-property}), so both sides run with identical client settings.
 *
 * @param projectDir where {@code producer/target/producer.jar} and {@code consumer/target/consumer.jar} are
 */
public record OurServices(Path projectDir) {
    /** Fixes users, amounts and currencies: every round sends the same mix (order ids stay unique). */
    static final String SEED = "42";

    ChildJvm producer(String bootstrapServers, String topic, String rate, long maxOrders) {
        return producer(bootstrapServers, topic, rate, maxOrders, BenchProducerSettings.LINGER_MS);
    }

    /**
     * As above with another {@code linger.ms} (the end-to-end rounds at {@code EndToEndLatency}'s 0),
     * and the compression that goes with it ({@link BenchProducerSettings#forLinger}).
     */
    ChildJvm producer(String bootstrapServers, String topic, String rate, long maxOrders, int lingerMs) {
        ChildJvm jvm = OurService.PRODUCER.jvm(projectDir)
                .env("KAFKA_BOOTSTRAP_SERVERS", bootstrapServers)
                .env("ORDERS_TOPIC", topic)
                .env("HTTP_PORT", "0")
                .env("PRODUCER_RATE", rate)
                .env("PRODUCER_SEED", SEED)
                .env("PRODUCER_MAX_ORDERS", Long.toString(maxOrders));
        for (Map.Entry<String, String> setting : BenchProducerSettings.forLinger(lingerMs).entrySet()) {
            jvm.env(producerVariable(setting.getKey()), setting.getValue());
        }
        return jvm;
    }

    /**
     * Our producer with the generator off, serving {@code POST /orders} only (the order API workload),
     * with the bench producer settings at {@code lingerMs}.
     */
    public ChildJvm orderApi(String bootstrapServers, String topic, int lingerMs) {
        return producer(bootstrapServers, topic, "1", 0, lingerMs).env(ProducerSettings.PRODUCER_GENERATOR_ENABLED, "false");
    }

    private static String producerVariable(String property) {
        return "KAFKA_PRODUCER_" + property.replace('.', '_').toUpperCase(Locale.ROOT);
    }

    /** The log sink: decode + validate + metrics, nothing written anywhere (the ceiling of our consumer). */
    ChildJvm consumer(String bootstrapServers, String topic, String group) {
        return OurService.CONSUMER.jvm(projectDir)
                .env("KAFKA_BOOTSTRAP_SERVERS", bootstrapServers)
                .env("ORDERS_TOPIC", topic)
                .env("DLQ_TOPIC", topic + ".dlq")
                .env("CONSUMER_GROUP_ID", group)
                .env("SINK", "log")
                .env("HTTP_PORT", "0");
    }

    /** The streams topology with its defaults (exactly-once, metrics at DEBUG), a fresh application id and state dir. */
    ChildJvm streams(String bootstrapServers, String topic, String applicationId, Path stateDir) {
        return OurService.STREAMS.jvm(projectDir)
                .env("KAFKA_BOOTSTRAP_SERVERS", bootstrapServers)
                .env("ORDERS_TOPIC", topic)
                .env("STREAMS_APPLICATION_ID", applicationId)
                .env("STREAMS_STATE_DIR", stateDir.toString())
                .env("HTTP_PORT", "0");
    }

    /** For the report: how each service was launched. */
    public Map<String, String> launchedAs() {
        return Map.of("producer", OurService.PRODUCER.launchedAs(projectDir), "consumer", OurService.CONSUMER.launchedAs(projectDir),
                "streams", OurService.STREAMS.launchedAs(projectDir));
    }
}

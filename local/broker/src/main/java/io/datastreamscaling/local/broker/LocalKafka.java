package io.datastreamscaling.local.broker;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

/**
 * Runs the embedded broker alone on {@code localhost:9092}, for running the services from an IDE.
 *
 * <pre>
 *   java -jar local/broker/target/local-broker.jar [--port 9092] [--data-dir data/kafka] [--wipe]
 * </pre>
 */
public final class LocalKafka {
    private LocalKafka() {
    }

    public static void main(String[] args) {
        BrokerLogging.quietUnlessConfigured();
        List<String> list = Arrays.asList(args);
        int port = Integer.parseInt(option(list, "--port", System.getenv().getOrDefault("LOCAL_KAFKA_PORT", "9092")));
        Path dataDir = Path.of(option(list, "--data-dir", System.getenv().getOrDefault("LOCAL_KAFKA_DATA_DIR", "data/kafka")));
        EmbeddedKafkaBroker.Settings settings = new EmbeddedKafkaBroker.Settings(dataDir, port, list.contains("--wipe"), false, java.util.Map.of());
        EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start(settings);
        Runtime.getRuntime().addShutdownHook(new Thread(broker::close, "local-kafka-shutdown"));
        System.out.println("Kafka is up on " + broker.bootstrapServers() + " (Ctrl-C to stop)");
        broker.awaitShutdown();
    }

    private static String option(List<String> args, String name, String defaultValue) {
        int i = args.indexOf(name);
        return i >= 0 && i + 1 < args.size() ? args.get(i + 1) : defaultValue;
    }
}

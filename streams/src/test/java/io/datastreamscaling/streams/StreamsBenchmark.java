package io.datastreamscaling.streams;

import io.datastreamscaling.local.broker.testing.Await;
import io.datastreamscaling.consumer.ConsumerService;
import io.datastreamscaling.consumer.ConsumerSettings;
import io.datastreamscaling.local.broker.testing.TestKafka;
import io.datastreamscaling.shared.config.Env;
import io.datastreamscaling.shared.config.KafkaSettings;
import io.datastreamscaling.shared.lifecycle.RunningService;
import io.datastreamscaling.shared.order.Order;
import io.datastreamscaling.shared.order.OrderJson;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.function.LongSupplier;
import java.util.function.ToLongFunction;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Orders per second through the whole streams topology (exactly-once) beside the consumer with its
 * log sink, in one run on the embedded broker: pre-fills one topic with N orders (a backlog, as
 * PRODUCER_RATE=max would leave), then times each service from start until it has processed all N,
 * one after the other so they do not share the CPU. Streams runs twice: with the default
 * metrics.recording.level=DEBUG and with INFO, to show what the DEBUG metrics cost. Prints a human
 * line per run, then one JSON line each.
 *
 * <p>The command (a class path built from the reactor's target directories) is in docs/benchmarks.md.
 */
public final class StreamsBenchmark {
    private static final Duration TIMEOUT = Duration.ofMinutes(15);

    private StreamsBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int count = args.length > 0 ? Integer.parseInt(args[0]) : 100_000;
        String input = TestKafka.uniqueName("bench-orders");
        TestKafka.createTopic(input, 6);
        prefill(input, count);
        // DEBUG, INFO, DEBUG again: the first run in the JVM also pays the JIT warm-up and a fresh
        // broker's first minute, so only the second DEBUG run compares fairly with INFO.
        time("streams (DEBUG metrics)", count, () -> StreamsService.start(streamsEnv(input, Map.of())), StreamsService::processed);
        time("streams (INFO metrics)", count, () -> StreamsService.start(streamsEnv(input,
                Map.of("KAFKA_STREAMS_METRICS_RECORDING_LEVEL", "INFO"))), StreamsService::processed);
        time("streams (DEBUG metrics, again)", count, () -> StreamsService.start(streamsEnv(input, Map.of())), StreamsService::processed);
        time("consumer (log sink)", count, () -> ConsumerService.start(Env.of(Map.of(
                KafkaSettings.BOOTSTRAP_SERVERS, TestKafka.bootstrapServers(),
                ConsumerSettings.ORDERS_TOPIC, input,
                ConsumerSettings.CONSUMER_GROUP_ID, TestKafka.uniqueName("bench-consumer"),
                ConsumerSettings.SINK, ConsumerSettings.SINK_LOG,
                ConsumerSettings.HTTP_PORT, "0"))), ConsumerService::consumed);
        System.exit(0);
    }

    private static Env streamsEnv(String input, Map<String, String> extra) throws Exception {
        Map<String, String> env = new HashMap<>(Map.of(
                KafkaSettings.BOOTSTRAP_SERVERS, TestKafka.bootstrapServers(),
                StreamsSettings.APPLICATION_ID, TestKafka.uniqueName("streams-bench"),
                StreamsSettings.ORDERS_TOPIC, input,
                StreamsSettings.STATE_DIR, Files.createTempDirectory("streams-bench").toString(),
                StreamsSettings.HTTP_PORT, "0"));
        env.putAll(extra);
        return Env.of(env);
    }

    private interface Start<S> {
        S start() throws Exception;
    }

    private static <S extends RunningService> void time(String name, int count, Start<S> start,
            ToLongFunction<S> processed) throws Exception {
        long started = System.nanoTime();
        try (S service = start.start()) {
            LongSupplier done = () -> processed.applyAsLong(service);
            Await.until(TIMEOUT, () -> done.getAsLong() >= count, () -> name + " processed " + done.getAsLong() + " of " + count);
            double seconds = (System.nanoTime() - started) / 1e9;
            System.out.printf("%s: %d orders in %.1f s (including start-up): %.0f orders/s%n", name, count, seconds, count / seconds);
            System.out.printf("{\"name\":\"%s\",\"orders\":%d,\"seconds\":%.2f,\"orders_per_second\":%.0f}%n",
                    name, count, seconds, count / seconds);
        }
    }

    private static void prefill(String topic, int count) {
        Random random = new Random(1);
        Instant start = Instant.parse("2024-05-01T10:00:00Z");
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, TestKafka.bootstrapServers(),
                ProducerConfig.LINGER_MS_CONFIG, 20,
                ProducerConfig.BATCH_SIZE_CONFIG, 256 * 1024), new StringSerializer(), new ByteArraySerializer())) {
            for (int i = 0; i < count; i++) {
                String user = "user-" + random.nextInt(10_000);
                // 1,000 orders per second of event time, so windows close as the run goes
                Order order = new Order(UUID.randomUUID(), user, BigDecimal.valueOf(1 + random.nextInt(500_000), 2), "EUR",
                        start.plusMillis(i));
                producer.send(new ProducerRecord<>(topic, user, OrderJson.encode(order)));
            }
            producer.flush();
        }
    }
}

package io.datastreamscaling.streams;

import io.datastreamscaling.local.broker.testing.TestKafka;
import io.datastreamscaling.shared.order.Order;
import io.datastreamscaling.shared.order.OrderJson;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Orders per second through the whole topology (exactly-once) on the embedded broker: pre-fills a
 * topic with N orders, starts the service and times until all are processed. Prints a human line,
 * then one JSON line.
 *
 * <pre>./mvnw -q -pl streams test-compile exec:java -Dexec.classpathScope=test \
 *   -Dexec.mainClass=io.datastreamscaling.streams.StreamsBenchmark -Dexec.args=200000</pre>
 */
public final class StreamsBenchmark {
    private StreamsBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int count = args.length > 0 ? Integer.parseInt(args[0]) : 200_000;
        String input = TestKafka.uniqueName("bench-orders");
        TestKafka.createTopic(input, 6);
        prefill(input, count);
        Path stateDir = Files.createTempDirectory("streams-bench");
        long started = System.nanoTime();
        try (StreamsService service = StreamsService.start(TestCluster.env(TestKafka.uniqueName("streams-bench"), input, stateDir))) {
            TestCluster.await(Duration.ofMinutes(10), () -> service.processed() >= count,
                    () -> "processed " + service.processed() + " of " + count);
            double seconds = (System.nanoTime() - started) / 1e9;
            System.out.printf("streams: %d orders through the topology in %.1f s (including start-up): %.0f orders/s%n",
                    count, seconds, count / seconds);
            System.out.printf("{\"name\":\"streams_throughput\",\"orders\":%d,\"seconds\":%.2f,\"orders_per_second\":%.0f}%n",
                    count, seconds, count / seconds);
        }
        System.exit(0);
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

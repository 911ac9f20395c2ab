package io.datastreamscaling.producer.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.datastreamscaling.local.broker.testing.TestKafka;
import io.datastreamscaling.producer.ProducerService;
import io.datastreamscaling.shared.config.Env;
import io.datastreamscaling.shared.order.OrderJson;
import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The figures of docs/reliability.md ("The HTTP server under hostile clients"): 500 slow connections
 * held open, then 2,000 concurrent submissions. A load run, so it runs with the fault campaigns:
 * {@code ./mvnw -B -Pfault -pl producer verify -Dtest=HostileLoadTest}.
 */
@Tag("fault")
class HostileLoadTest {
    private static final String ORDER = """
            {"userId":"user-%d","amount":12.50,"currency":"EUR"}""";

    @Test
    void fiveHundredSlowConnectionsThenTwoThousandConcurrentSubmissions() throws Exception {
        String topic = TestKafka.uniqueName("orders-load");
        try (ProducerService service = ProducerService.start(Env.of(Map.of(
                "KAFKA_BOOTSTRAP_SERVERS", TestKafka.bootstrapServers(), "ORDERS_TOPIC", topic, "TOPIC_PARTITIONS", "3",
                "HTTP_PORT", "0", "PRODUCER_GENERATOR_ENABLED", "false")))) {
            HttpClient warm = HttpClient.newHttpClient();
            assertEquals(202, warm.send(post(service, 0), HttpResponse.BodyHandlers.ofString()).statusCode());

            List<Socket> slow = new ArrayList<>();
            for (int i = 0; i < 500; i++) {
                Socket socket = new Socket("127.0.0.1", service.httpPort());
                OutputStream out = socket.getOutputStream();
                out.write("POST /orders HTTP/1.1\r\nHost: x\r\nContent-Le".getBytes(StandardCharsets.US_ASCII));
                out.flush();
                slow.add(socket);
            }
            probe(service); // once all 500 are being read by the server: the state we measure in
            long started = System.nanoTime();
            int live = probe(service);
            long liveMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
            started = System.nanoTime();
            int order = HttpClient.newHttpClient().send(post(service, 1), HttpResponse.BodyHandlers.ofString()).statusCode();
            long orderMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
            for (Socket socket : slow) {
                socket.close();
            }
            System.out.printf("{\"slowConnections\":500,\"liveStatus\":%d,\"liveMs\":%d,\"orderStatus\":%d,\"orderMs\":%d}%n",
                    live, liveMillis, order, orderMillis);
            assertEquals(200, live);
            assertTrue(liveMillis < 100, "/health/live took " + liveMillis + " ms");
            assertEquals(202, order);

            System.gc();
            long heapBefore = usedHeap();
            HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(30)).build();
            List<CompletableFuture<HttpResponse<String>>> responses = new ArrayList<>();
            for (int i = 0; i < 2_000; i++) {
                responses.add(client.sendAsync(post(service, i), HttpResponse.BodyHandlers.ofString()));
            }
            long peakHeap = heapBefore;
            int accepted = 0;
            int refused = 0;
            int failed = 0;
            Map<TopicPartition, Set<Long>> acceptedOffsets = new HashMap<>();
            for (CompletableFuture<HttpResponse<String>> response : responses) {
                peakHeap = Math.max(peakHeap, usedHeap());
                try {
                    HttpResponse<String> answer = response.get(60, TimeUnit.SECONDS);
                    if (answer.statusCode() == 202) {
                        accepted++;
                        JsonNode body = OrderJson.mapper().readTree(answer.body());
                        acceptedOffsets.computeIfAbsent(new TopicPartition(topic, body.get("partition").asInt()), p -> new HashSet<>())
                                .add(body.get("offset").asLong());
                    } else if (answer.statusCode() == 503) {
                        refused++;
                    } else {
                        failed++;
                    }
                } catch (ExecutionException e) {
                    failed++;
                }
            }
            int missing = missingFromTopic(acceptedOffsets);
            System.out.printf("{\"concurrent\":2000,\"accepted\":%d,\"refused503\":%d,\"otherOrConnectionError\":%d,"
                            + "\"acceptedNotOnTopic\":%d,\"heapBeforeMiB\":%d,\"peakHeapMiB\":%d,\"serverThreads\":%d}%n",
                    accepted, refused, failed, missing, heapBefore >> 20, peakHeap >> 20, Thread.activeCount());
            assertEquals(0, missing, "every 202 is on the topic");
            assertTrue(accepted > 0);
        }
    }

    private static int missingFromTopic(Map<TopicPartition, Set<Long>> expected) {
        int missing = 0;
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, TestKafka.bootstrapServers(),
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed"), new StringDeserializer(), new ByteArrayDeserializer())) {
            consumer.assign(expected.keySet());
            consumer.seekToBeginning(expected.keySet());
            Map<TopicPartition, Set<Long>> seen = new HashMap<>();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (System.nanoTime() < deadline && !covers(seen, expected)) {
                for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(200))) {
                    seen.computeIfAbsent(new TopicPartition(record.topic(), record.partition()), p -> new HashSet<>()).add(record.offset());
                }
            }
            for (Map.Entry<TopicPartition, Set<Long>> entry : expected.entrySet()) {
                for (long offset : entry.getValue()) {
                    if (!seen.getOrDefault(entry.getKey(), Set.of()).contains(offset)) {
                        missing++;
                    }
                }
            }
        }
        return missing;
    }

    private static boolean covers(Map<TopicPartition, Set<Long>> seen, Map<TopicPartition, Set<Long>> expected) {
        return expected.entrySet().stream().allMatch(e -> seen.getOrDefault(e.getKey(), Set.of()).containsAll(e.getValue()));
    }

    /** {@code GET /health/live} on a new connection, as a Kubernetes probe makes it; the status code. */
    private static int probe(ProducerService service) throws IOException {
        try (Socket socket = new Socket("127.0.0.1", service.httpPort())) {
            socket.setSoTimeout(10_000);
            socket.getOutputStream().write("GET /health/live HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"
                    .getBytes(StandardCharsets.US_ASCII));
            String statusLine = new String(socket.getInputStream().readNBytes(12), StandardCharsets.US_ASCII);
            return Integer.parseInt(statusLine.substring(9, 12));
        }
    }

    private static long usedHeap() {
        Runtime runtime = Runtime.getRuntime();
        return runtime.totalMemory() - runtime.freeMemory();
    }

    private static URI uri(ProducerService service, String path) {
        return URI.create("http://127.0.0.1:" + service.httpPort() + path);
    }

    private static HttpRequest post(ProducerService service, int user) throws IOException {
        return HttpRequest.newBuilder(uri(service, "/orders")).timeout(Duration.ofSeconds(60)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(ORDER.formatted(user))).build();
    }
}

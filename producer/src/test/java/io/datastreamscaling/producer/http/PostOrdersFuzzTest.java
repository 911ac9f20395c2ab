package io.datastreamscaling.producer.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.datastreamscaling.local.broker.testing.TestKafka;
import io.datastreamscaling.producer.OrdersHttpClient;
import io.datastreamscaling.producer.ProducerService;
import io.datastreamscaling.shared.config.Env;
import io.datastreamscaling.shared.order.OrderDecodingException;
import io.datastreamscaling.shared.order.OrderJson;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@code POST /orders} under hostile input: hand-written attacks, a few hundred seeded random and
 * mutated bodies, wrong methods. Whatever comes in: never a 5xx, never a stack trace or a Java name in
 * the answer, and a record on the topic only for an order that is valid (counted by end offsets).
 */
class PostOrdersFuzzTest {
    private static final long SEED = 20260107L;
    private static final String JSON_PUNCTUATION = "{}[]\":,.-0e\\ ";
    private static final String VALID = "{\"userId\":\"user-1\",\"amount\":12.50,\"currency\":\"EUR\"}";
    // A class or package name, a stack frame, or an exception's name: none may reach a client.
    private static final Pattern JAVA_LEAK = Pattern.compile(
            "\\tat |Exception|\\b(java|javax|jdk|sun|com\\.fasterxml|org\\.apache|io\\.datastreamscaling)\\.[a-z]");

    private static String topic;
    private static ProducerService service;
    private static OrdersHttpClient http;
    private static final HttpClient RAW = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @BeforeAll
    static void startProducer() {
        topic = TestKafka.uniqueName("orders-fuzz");
        service = start(topic);
        http = new OrdersHttpClient(service.httpPort());
    }

    @AfterAll
    static void stopProducer() {
        service.close();
    }

    @Test
    void hostileBodiesAreRefusedWith4xxWithoutLeakingAndWithoutARecord() throws Exception {
        List<byte[]> bodies = new ArrayList<>();
        for (String json : List.of(
                "", " ", "null", "[]", "{}", "\"order\"", "{\"userId\":\"u\",\"amount\":", "{\"userId\":\"u\"}}", "{'userId':'u'}",
                "[".repeat(10_000) + "]".repeat(10_000),
                "{\"a\":".repeat(5_000) + "1" + "}".repeat(5_000),
                "{\"userId\":\"u\",\"amount\":1e400,\"currency\":\"EUR\"}",
                "{\"userId\":\"u\",\"amount\":1" + "0".repeat(500) + ",\"currency\":\"EUR\"}",
                "{\"userId\":\"u\",\"amount\":NaN,\"currency\":\"EUR\"}",
                "{\"userId\":\"u\",\"amount\":Infinity,\"currency\":\"EUR\"}",
                "{\"userId\":\"u\",\"amount\":-1,\"currency\":\"EUR\"}",
                "{\"userId\":\"u\",\"amount\":0,\"currency\":\"EUR\"}",
                "{\"userId\":\"u\",\"amount\":0.001,\"currency\":\"EUR\"}",
                "{\"userId\":\"u\",\"amount\":1.005,\"currency\":\"EUR\"}",
                "{\"userId\":\"u\",\"amount\":\"5\",\"currency\":\"EUR\"}",
                "{\"userId\":\"u\",\"amount\":true,\"currency\":\"EUR\"}",
                "{\"userId\":\"u\",\"amount\":[1],\"currency\":\"EUR\"}",
                "{\"userId\":\"u\",\"amount\":{\"value\":1},\"currency\":\"EUR\"}",
                "{\"userId\":\"u\",\"amount\":1,\"amount\":1000,\"currency\":\"EUR\"}",
                "{\"amount\":1,\"currency\":\"EUR\"}", "{\"userId\":\"u\",\"currency\":\"EUR\"}", "{\"userId\":\"u\",\"amount\":1}",
                "{\"userId\":null,\"amount\":1,\"currency\":\"EUR\"}", "{\"userId\":\"\",\"amount\":1,\"currency\":\"EUR\"}",
                "{\"userId\":\"u\",\"amount\":1,\"currency\":\"eur\"}", "{\"userId\":\"u\",\"amount\":1,\"currency\":\"XXXX\"}",
                "{\"userId\":\"u\",\"amount\":1,\"currency\":\"ZZZ\"}", "{\"userId\":\"u\",\"amount\":1,\"currency\":1}",
                "{\"orderId\":\"not-a-uuid\",\"userId\":\"u\",\"amount\":1,\"currency\":\"EUR\"}",
                "{\"orderId\":\"" + UUID.randomUUID().toString().replace("-", "") + "\",\"userId\":\"u\",\"amount\":1,\"currency\":\"EUR\"}",
                "{\"orderId\":42,\"userId\":\"u\",\"amount\":1,\"currency\":\"EUR\"}",
                "{\"userId\":\"u\",\"amount\":1,\"currency\":\"EUR\",\"createdAt\":\"yesterday\"}",
                "{\"userId\":\"u\",\"amount\":1,\"currency\":\"EUR\",\"createdAt\":\"2026-13-45T99:00:00Z\"}",
                "{\"userId\":\"u\",\"amount\":1,\"currency\":\"EUR\",\"createdAt\":1700000000}",
                "{\"userId\":\"" + "u".repeat(129) + "\",\"amount\":1,\"currency\":\"EUR\"}",
                "{\"userId\":\"" + "x".repeat(60_000) + "\",\"amount\":1,\"currency\":\"EUR\"}",
                "{\"userId\":\"u\",\"amount\":1,\"currency\":\"EUR\"} trailing",
                "{\"userId\":\"u\\u0000\",\"amount\":1,\"currency\":\"EUR\",}")) {
            bodies.add(json.getBytes(StandardCharsets.UTF_8));
        }
        bodies.add(nonUtf8());
        long recordsBefore = recordsOnTopic();

        for (byte[] body : bodies) {
            HttpResponse<String> response = http.post("/orders", "application/json", body);

            assertRefusedCleanly(response, preview(body));
        }

        assertEquals(recordsBefore, recordsOnTopic(), "no record for any refused order");
    }

    @Test
    void seededRandomAndMutatedBodiesAreNever5xxAndOnlyValidOnesReachTheTopic() throws Exception {
        Random random = new Random(SEED);
        long recordsBefore = recordsOnTopic();
        int accepted = 0;

        for (int i = 0; i < 300; i++) {
            byte[] body = i % 2 == 0 ? randomBytes(random) : mutate(validOrder(), random);
            boolean valid = isValidOrder(body);
            HttpResponse<String> response = http.post("/orders", "application/json", body);

            if (valid) {
                assertEquals(202, response.statusCode(), () -> "valid order " + preview(body) + ": " + response.body());
                accepted++;
            } else {
                assertRefusedCleanly(response, "seed " + SEED + " case " + i + ": " + preview(body));
            }
        }

        long written = recordsOnTopic() - recordsBefore;
        assertEquals(accepted, written, "exactly one record per accepted order (seed " + SEED + ")");
    }

    @Test
    void aValidOrderWithUnknownExtraFieldsIsAccepted() {
        HttpResponse<String> response = http.postOrder(
                "{\"userId\":\"u-extra\",\"amount\":3.10,\"currency\":\"USD\",\"coupon\":{\"code\":\"X\",\"n\":[1,2]},\"note\":null}");

        assertEquals(202, response.statusCode(), response.body());
    }

    @Test
    void wrongContentTypesAreRefusedWith415() throws Exception {
        long recordsBefore = recordsOnTopic();

        for (String contentType : List.of("text/plain", "application/xml", "application/x-www-form-urlencoded",
                "multipart/form-data; boundary=x", "application/jsonp", "json")) {
            HttpResponse<String> response = http.post("/orders", contentType, VALID.getBytes(StandardCharsets.UTF_8));

            assertEquals(415, response.statusCode(), contentType + ": " + response.body());
            assertNoLeak(response.body(), contentType);
        }

        assertEquals(recordsBefore, recordsOnTopic());
    }

    @Test
    void aTenMegabyteBodyIsRefusedWith413() throws IOException {
        String status;
        try (Socket socket = new Socket("127.0.0.1", service.httpPort())) {
            socket.setSoTimeout(30_000);
            OutputStream out = socket.getOutputStream();
            out.write(("POST /orders HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\nContent-Length: "
                    + (10 * 1024 * 1024) + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            out.write(new byte[64 * 1024]); // the start of the 10 MB: the server must not wait for the rest
            out.flush();
            status = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.US_ASCII)).readLine();
        }

        assertTrue(status.startsWith("HTTP/1.1 413"), status);
    }

    @Test
    void wrongMethodsAreRefusedAndMetricsAndHealthAreReadOnly() throws Exception {
        List<String> seen = new ArrayList<>();
        for (String method : List.of("GET", "PUT", "DELETE", "PATCH", "OPTIONS", "TRACE")) {
            seen.add(method + " /orders " + request(method, "/orders").statusCode());
        }
        for (String path : List.of("/metrics", "/health/live", "/health/ready")) {
            for (String method : List.of("POST", "PUT", "DELETE", "PATCH")) {
                seen.add(method + " " + path + " " + request(method, path).statusCode());
            }
        }

        assertTrue(seen.stream().allMatch(line -> line.endsWith(" 405")), String.join("\n", seen));
    }

    // --- the checks

    private static void assertRefusedCleanly(HttpResponse<String> response, String what) {
        int status = response.statusCode();
        assertTrue(status >= 400 && status < 500, () -> what + " answered " + status + ": " + response.body());
        assertNoLeak(response.body(), what);
    }

    private static void assertNoLeak(String body, String what) {
        assertFalse(JAVA_LEAK.matcher(body).find(), () -> what + " answered with Java internals: " + body);
    }

    private static boolean isValidOrder(byte[] body) {
        try {
            OrderJson.decodeSubmission(body, UUID.randomUUID(), Instant.now());
            return true;
        } catch (OrderDecodingException e) {
            return false;
        }
    }

    // --- the inputs

    private static byte[] randomBytes(Random random) {
        byte[] body = new byte[random.nextInt(2_000)];
        random.nextBytes(body);
        return body;
    }

    private static byte[] validOrder() {
        return ("{\"orderId\":\"" + UUID.randomUUID() + "\",\"userId\":\"user-" + UUID.randomUUID().toString().substring(0, 4)
                + "\",\"amount\":12.50,\"currency\":\"EUR\",\"createdAt\":\"2026-01-02T03:04:05Z\"}").getBytes(StandardCharsets.UTF_8);
    }

    /** A valid order with a few bytes flipped, dropped or cut off: often invalid, sometimes still valid. */
    private static byte[] mutate(byte[] order, Random random) {
        byte[] body = order.clone();
        int changes = 1 + random.nextInt(3);
        for (int c = 0; c < changes; c++) {
            int at = random.nextInt(body.length);
            switch (random.nextInt(3)) {
                case 0 -> body[at] = (byte) random.nextInt(256);
                case 1 -> body[at] = (byte) JSON_PUNCTUATION.charAt(random.nextInt(JSON_PUNCTUATION.length()));
                default -> body = Arrays.copyOf(body, Math.max(1, at));
            }
        }
        return body;
    }

    private static byte[] nonUtf8() {
        byte[] prefix = "{\"userId\":\"".getBytes(StandardCharsets.US_ASCII);
        byte[] suffix = "\",\"amount\":1,\"currency\":\"EUR\"}".getBytes(StandardCharsets.US_ASCII);
        byte[] body = new byte[prefix.length + 3 + suffix.length];
        System.arraycopy(prefix, 0, body, 0, prefix.length);
        body[prefix.length] = (byte) 0xC3; // a two-byte sequence cut short, then bytes no UTF-8 has
        body[prefix.length + 1] = (byte) 0xFF;
        body[prefix.length + 2] = (byte) 0xFE;
        System.arraycopy(suffix, 0, body, prefix.length + 3, suffix.length);
        return body;
    }

    private static String preview(byte[] body) {
        String text = new String(body, StandardCharsets.ISO_8859_1);
        return body.length + " bytes: " + (text.length() > 80 ? text.substring(0, 80) + "…" : text);
    }

    // --- fixtures

    private static ProducerService start(String topicName) {
        try {
            return ProducerService.start(Env.of(Map.of(
                    "KAFKA_BOOTSTRAP_SERVERS", TestKafka.bootstrapServers(),
                    "ORDERS_TOPIC", topicName,
                    "TOPIC_PARTITIONS", "3",
                    "HTTP_PORT", "0",
                    "PRODUCER_GENERATOR_ENABLED", "false")));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static HttpResponse<String> request(String method, String path) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + service.httpPort() + path))
                .timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/json")
                .method(method, HttpRequest.BodyPublishers.ofString(VALID))
                .build();
        return RAW.send(request, HttpResponse.BodyHandlers.ofString());
    }

    /** Sum of the topic's end offsets: every record ever written to it. */
    private static long recordsOnTopic() throws Exception {
        try (Admin admin = TestKafka.admin()) {
            Map<TopicPartition, OffsetSpec> latest = admin.describeTopics(List.of(topic)).allTopicNames()
                    .get(30, TimeUnit.SECONDS).get(topic).partitions().stream()
                    .collect(Collectors.toMap(p -> new TopicPartition(topic, p.partition()), p -> OffsetSpec.latest()));
            return admin.listOffsets(latest).all().get(30, TimeUnit.SECONDS).values().stream()
                    .mapToLong(info -> info.offset()).sum();
        }
    }
}

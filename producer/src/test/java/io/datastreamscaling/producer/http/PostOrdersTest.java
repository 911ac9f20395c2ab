package io.datastreamscaling.producer.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.datastreamscaling.local.broker.testing.TestKafka;
import io.datastreamscaling.producer.OrdersHttpClient;
import io.datastreamscaling.producer.ProducerService;
import io.datastreamscaling.shared.config.Env;
import io.datastreamscaling.shared.order.Order;
import io.datastreamscaling.shared.order.OrderJson;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.math.BigDecimal;
import java.net.Socket;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** {@code POST /orders} against a real broker: what each kind of request is answered. */
class PostOrdersTest {
    private static final String VALID = """
            {"orderId":"%s","userId":"user-7","amount":12.50,"currency":"EUR","createdAt":"2026-01-02T03:04:05Z"}""";

    private static String topic;
    private static ProducerService service;
    private static OrdersHttpClient http;

    @BeforeAll
    static void startProducer() throws IOException {
        topic = TestKafka.uniqueName("orders-post");
        service = ProducerService.start(Env.of(Map.of(
                "KAFKA_BOOTSTRAP_SERVERS", TestKafka.bootstrapServers(),
                "ORDERS_TOPIC", topic,
                "TOPIC_PARTITIONS", "3",
                "HTTP_PORT", "0",
                "PRODUCER_GENERATOR_ENABLED", "false")));
        http = new OrdersHttpClient(service.httpPort());
    }

    @AfterAll
    static void stopProducer() {
        service.close();
    }

    @Test
    void acceptedOrderIsOnTheTopicKeyedByUserWithTheSameOrderId() throws IOException {
        UUID orderId = UUID.randomUUID();

        HttpResponse<String> response = http.postOrder(VALID.formatted(orderId));

        assertEquals(202, response.statusCode(), response.body());
        JsonNode body = OrderJson.mapper().readTree(response.body());
        assertEquals(orderId.toString(), body.get("orderId").asText());
        ConsumerRecord<String, byte[]> record = readBack(body.get("partition").asInt(), body.get("offset").asLong());
        assertEquals("user-7", record.key());
        Order written = OrderJson.decode(record.value());
        assertEquals(orderId, written.orderId());
        assertEquals(new BigDecimal("12.50"), written.amount());
        assertEquals(Instant.parse("2026-01-02T03:04:05Z"), written.createdAt());
    }

    @Test
    void serverFillsInOrderIdAndCreatedAtWhenTheClientLeavesThemOut() throws IOException {
        Instant before = Instant.now();

        HttpResponse<String> response = http.postOrder("""
                {"userId":"user-8","amount":3,"currency":"USD"}""");

        assertEquals(202, response.statusCode(), response.body());
        JsonNode body = OrderJson.mapper().readTree(response.body());
        UUID orderId = UUID.fromString(body.get("orderId").asText());
        Order written = OrderJson.decode(readBack(body.get("partition").asInt(), body.get("offset").asLong()).value());
        assertEquals(orderId, written.orderId());
        assertFalse(written.createdAt().isBefore(before.minusSeconds(1)), "createdAt " + written.createdAt());
        assertFalse(written.createdAt().isAfter(Instant.now()), "createdAt " + written.createdAt());
    }

    @Test
    void unknownFieldsAreAccepted() {
        HttpResponse<String> response = http.postOrder("""
                {"userId":"user-9","amount":1.5,"currency":"GBP","coupon":"SPRING","tags":["a"]}""");

        assertEquals(202, response.statusCode(), response.body());
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            malformed JSON     | {"userId":"u","amount":                                                    | malformed JSON
            not an object      | [1,2]                                                                      | not an order object
            missing userId     | {"amount":1,"currency":"EUR"}                                              | userId is required
            missing amount     | {"userId":"u","currency":"EUR"}                                            | amount is required
            missing currency   | {"userId":"u","amount":1}                                                  | currency is required
            negative amount    | {"userId":"u","amount":-1,"currency":"EUR"}                                | amount must be greater than 0
            three decimals     | {"userId":"u","amount":1.005,"currency":"EUR"}                             | amount has more than 2 decimals
            amount as string   | {"userId":"u","amount":"ten","currency":"EUR"}                             | amount has the wrong type
            bad currency       | {"userId":"u","amount":1,"currency":"EURO"}                                | currency is not an ISO 4217 code
            bad UUID           | {"orderId":"not-a-uuid","userId":"u","amount":1,"currency":"EUR"}          | orderId is not a UUID
            bad timestamp      | {"userId":"u","amount":1,"currency":"EUR","createdAt":"yesterday"}         | createdAt is not an ISO-8601 instant
            """)
    void invalidOrderIsRefusedWith400NamingTheProblem(String name, String json, String expectedError) throws IOException {
        HttpResponse<String> response = http.postOrder(json);

        assertEquals(400, response.statusCode(), response.body());
        String error = OrderJson.mapper().readTree(response.body()).get("error").asText();
        assertTrue(error.startsWith(expectedError), "error was: " + error);
        assertFalse(response.body().contains("\tat "), "no stack trace in " + response.body());
    }

    @Test
    void emptyBodyIsRefusedWith400() {
        HttpResponse<String> response = http.post("/orders", "application/json", new byte[0]);

        assertEquals(400, response.statusCode(), response.body());
        assertTrue(response.body().contains("empty body"), response.body());
    }

    @Test
    void oversizedBodyIsRefusedWith413BeforeItIsRead() throws IOException {
        // Only the headers are sent: the server must answer from Content-Length alone, without
        // buffering the body (an HTTP client library would report the early close as a broken pipe).
        String status;
        try (Socket socket = new Socket("127.0.0.1", service.httpPort())) {
            socket.setSoTimeout(30_000);
            socket.getOutputStream().write(("POST /orders HTTP/1.1\r\nHost: localhost\r\n"
                    + "Content-Type: application/json\r\nContent-Length: " + (70 * 1024) + "\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            socket.getOutputStream().flush();
            status = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.US_ASCII)).readLine();
        }

        assertEquals("HTTP/1.1 413", status.substring(0, 12), status);
    }

    @Test
    void nonJsonContentTypeIsRefusedWith415() {
        HttpResponse<String> response = http.post("/orders", "application/x-www-form-urlencoded",
                "userId=u&amount=1".getBytes(StandardCharsets.UTF_8));

        assertEquals(415, response.statusCode(), response.body());
    }

    @Test
    void getOnOrdersIsRefusedWith405() {
        HttpResponse<String> response = http.get("/orders");

        assertEquals(405, response.statusCode(), response.body());
    }

    @Test
    void acknowledgedOrdersAreCountedInTheMetricsBesideTheKafkaClientMetrics() {
        http.postOrder("{\"userId\":\"user-10\",\"amount\":2,\"currency\":\"EUR\"}");

        String metrics = http.get("/metrics").body();

        assertTrue(metrics.contains("orders_produced_total{result=\"success\",service=\"producer\"}"), metrics);
        assertTrue(metrics.contains("orders_produced_total{result=\"failure\",service=\"producer\"} 0.0"), metrics);
        assertTrue(metrics.contains("kafka_producer_"), "KafkaClientMetrics bound");
    }

    @Test
    void readyOnceTheTopicIsServed() {
        HttpResponse<String> response = http.get("/health/ready");

        assertEquals(200, response.statusCode(), response.body());
        assertTrue(response.body().contains("\"kafka\":true"), response.body());
    }

    @Test
    void refusedRequestsSendNothing() {
        long sentBefore = service.sent();

        http.postOrder("{\"userId\":\"u\",\"amount\":0,\"currency\":\"EUR\"}");

        assertEquals(sentBefore, service.sent());
    }

    private static ConsumerRecord<String, byte[]> readBack(int partition, long offset) {
        TopicPartition tp = new TopicPartition(topic, partition);
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, TestKafka.bootstrapServers()),
                new StringDeserializer(), new ByteArrayDeserializer())) {
            consumer.assign(List.of(tp));
            consumer.seek(tp, offset);
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (System.nanoTime() < deadline) {
                for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(200)).records(tp)) {
                    if (record.offset() == offset) {
                        return record;
                    }
                }
            }
        }
        throw new AssertionError("no record at " + tp + " offset " + offset + " within 30 s");
    }
}

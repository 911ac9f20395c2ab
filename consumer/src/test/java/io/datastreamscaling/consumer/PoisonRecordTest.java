package io.datastreamscaling.consumer;

import static io.datastreamscaling.local.broker.testing.Await.until;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.datastreamscaling.consumer.deadletter.DeadLetterPublisher;
import io.datastreamscaling.consumer.testing.DeadLetters;
import io.datastreamscaling.consumer.testing.GroupOffsets;
import io.datastreamscaling.consumer.testing.TestOrders;
import io.datastreamscaling.local.broker.testing.TestKafka;
import io.datastreamscaling.shared.kafka.DeadLetterHeaders;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.junit.jupiter.api.Test;

/** A record that is not a valid order is dead-lettered with its bytes and origin; the partition moves on. */
class PoisonRecordTest {
    private static final Duration TIMEOUT = Duration.ofSeconds(60);
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @Test
    void undecodableAndInvalidRecordsAreDeadLetteredAndLaterRecordsProcessed() throws Exception {
        String topic = TestKafka.uniqueName("orders");
        String group = TestKafka.uniqueName("group");
        TestKafka.createTopic(topic, 1);
        byte[] garbage = {(byte) 0xff, 0x00, '{', 'x'};
        byte[] invalid = "{\"orderId\":\"6f1d2c1e-8a7b-4c1d-9e2f-0a1b2c3d4e5f\",\"userId\":\"u1\",\"amount\":-5,\"currency\":\"EUR\",\"createdAt\":\"2024-01-01T00:00:00Z\"}"
                .getBytes(StandardCharsets.UTF_8);
        try (TestOrders orders = new TestOrders(topic)) {
            orders.send(5);
            RecordHeaders traced = new RecordHeaders();
            traced.add("trace-id", "abc".getBytes(StandardCharsets.UTF_8));
            orders.sendRaw(TestOrders.key("k-garbage"), garbage, traced);
            orders.sendRaw(TestOrders.key("k-invalid"), invalid, new RecordHeaders());
            orders.send(5);
        }

        try (ConsumerService consumer = ConsumerService.start(ConsumerTestEnv.of(topic, group, Map.of()))) {
            until(TIMEOUT, () -> consumer.consumed() == 10 && consumer.deadLettered() == 2,
                    () -> "consumed " + consumer.consumed() + ", dead-lettered " + consumer.deadLettered());
            until(TIMEOUT, () -> GroupOffsets.committed(group, topic).equals(Map.of(0, 12L)),
                    () -> "committed " + GroupOffsets.committed(group, topic) + ", expected past all 12 records");
        }

        List<ConsumerRecord<byte[], byte[]>> dead = DeadLetters.read(topic + ".dlq", 2, TIMEOUT);
        ConsumerRecord<byte[], byte[]> first = dead.get(0);
        assertArrayEquals(garbage, first.value(), "original value bytes");
        assertArrayEquals(TestOrders.key("k-garbage"), first.key(), "original key bytes");
        assertEquals("abc", DeadLetters.header(first, "trace-id"), "original headers kept");
        assertEquals(topic, DeadLetters.header(first, DeadLetterHeaders.SOURCE_TOPIC));
        assertEquals("0", DeadLetters.header(first, DeadLetterHeaders.SOURCE_PARTITION));
        assertEquals("5", DeadLetters.header(first, DeadLetterHeaders.SOURCE_OFFSET));
        assertEquals(group, DeadLetters.header(first, DeadLetterHeaders.CONSUMER_GROUP));
        assertEquals("io.datastreamscaling.shared.order.OrderDecodingException", DeadLetters.header(first, DeadLetterHeaders.ERROR_CLASS));
        ConsumerRecord<byte[], byte[]> second = dead.get(1);
        assertArrayEquals(invalid, second.value());
        assertEquals("6", DeadLetters.header(second, DeadLetterHeaders.SOURCE_OFFSET));
        assertEquals("amount must be greater than 0, was -5", DeadLetters.header(second, DeadLetterHeaders.ERROR_MESSAGE));
    }

    /**
     * The dead-letter topic made unavailable on the broker: deleted while the consumer runs (the
     * broker does not auto-create topics), so every send waits for metadata and times out. The
     * consumer retries, is not ready ({@code deadletter}), holds the offset at the poison record and
     * loses nothing; once the topic exists again the record is delivered and the partition moves on.
     */
    @Test
    void deadLetterTopicOutageNeitherCommitsPastThePoisonRecordNorLosesItAndDeliversItOnceTheTopicIsBack() throws Exception {
        String topic = TestKafka.uniqueName("orders");
        String dlq = topic + ".dlq";
        String group = TestKafka.uniqueName("group");
        TestKafka.createTopic(topic, 1);
        TestKafka.createTopic(dlq, 1);
        byte[] garbage = {(byte) 0xff, 0x00, '{', 'x'};
        // Short producer timeouts: each attempt fails within seconds, not the service's 10-30 s.
        Map<String, String> fastFailingDlq = Map.of("KAFKA_PRODUCER_MAX_BLOCK_MS", "1500",
                "KAFKA_PRODUCER_DELIVERY_TIMEOUT_MS", "2000", "KAFKA_PRODUCER_REQUEST_TIMEOUT_MS", "1000");
        try (TestOrders orders = new TestOrders(topic);
             ConsumerService consumer = ConsumerService.start(ConsumerTestEnv.of(topic, group, fastFailingDlq))) {
            orders.send(5);
            until(TIMEOUT, () -> consumer.consumed() == 5, () -> "consumed " + consumer.consumed() + " of the first 5");
            deleteTopic(dlq);
            orders.sendRaw(TestOrders.key("k-garbage"), garbage, new RecordHeaders());
            orders.send(5);

            until(TIMEOUT, () -> readiness(consumer).contains("deadletter") && readiness(consumer).contains("DOWN"),
                    () -> "not ready while the dead-letter topic is gone: " + readiness(consumer));
            Long committed = GroupOffsets.committed(group, topic).get(0);
            assertTrue(committed == null || committed <= 5, "nothing committed past the poison record at offset 5: " + committed);
            assertEquals(0, consumer.deadLettered(), "nothing counted as dead-lettered while the topic is gone");
            assertEquals(5, consumer.consumed(), "no record after the poison record processed");

            TestKafka.createTopic(dlq, 1);

            until(TIMEOUT, () -> consumer.deadLettered() >= 1 && consumer.consumed() == 10,
                    () -> "after the outage: consumed " + consumer.consumed() + ", dead-lettered " + consumer.deadLettered());
            until(TIMEOUT, () -> GroupOffsets.committed(group, topic).equals(Map.of(0, 11L)),
                    () -> "committed " + GroupOffsets.committed(group, topic) + ", expected past all 11 records");
            until(TIMEOUT, () -> !readiness(consumer).contains("DOWN"), () -> "ready again: " + readiness(consumer));
        }
        List<ConsumerRecord<byte[], byte[]>> dead = DeadLetters.read(dlq, 1, TIMEOUT);
        assertArrayEquals(garbage, dead.get(0).value(), "the poison record, delivered after the outage");
        assertEquals("5", DeadLetters.header(dead.get(0), DeadLetterHeaders.SOURCE_OFFSET));
    }

    /**
     * A poison record as large as the orders topic takes does not fit the dead-letter topic once the
     * dlq.* headers are added. It is dead-lettered with its value cut to fit and headers saying so,
     * and the consumer moves on (it used to fail on it, restart, and fail again forever).
     */
    @Test
    void poisonRecordAtTheSizeLimitIsDeadLetteredTruncatedWithHeadersSayingSoAndTheConsumerMovesOn() throws Exception {
        String topic = TestKafka.uniqueName("orders");
        String group = TestKafka.uniqueName("group");
        TestKafka.createTopic(topic, 1);
        byte[] huge = new byte[1_048_576 - 300];
        Arrays.fill(huge, (byte) '{');
        try (TestOrders orders = new TestOrders(topic)) {
            orders.send(2);
            orders.sendRaw(TestOrders.key("k-huge"), huge, new RecordHeaders());
            orders.send(2);
        }

        try (ConsumerService consumer = ConsumerService.start(ConsumerTestEnv.of(topic, group, Map.of()))) {
            until(TIMEOUT, () -> consumer.consumed() == 4 && consumer.deadLettered() == 1,
                    () -> "consumed " + consumer.consumed() + ", dead-lettered " + consumer.deadLettered());
            until(TIMEOUT, () -> GroupOffsets.committed(group, topic).equals(Map.of(0, 5L)),
                    () -> "committed " + GroupOffsets.committed(group, topic) + ", expected past all 5 records");
        }

        ConsumerRecord<byte[], byte[]> dead = DeadLetters.read(topic + ".dlq", 1, TIMEOUT).get(0);
        assertEquals("true", DeadLetters.header(dead, DeadLetterPublisher.VALUE_TRUNCATED));
        assertEquals(Integer.toString(huge.length), DeadLetters.header(dead, DeadLetterPublisher.VALUE_ORIGINAL_BYTES));
        assertEquals("2", DeadLetters.header(dead, DeadLetterHeaders.SOURCE_OFFSET), "where the whole value still is");
        assertTrue(dead.value().length > huge.length - 4_096 && dead.value().length < huge.length,
                "value cut by about the headers' size: " + dead.value().length);
        assertArrayEquals(Arrays.copyOf(huge, dead.value().length), dead.value(), "the first bytes, unchanged");
    }

    /**
     * createdAt at the ends of what an Instant holds, produced straight to the topic (no edge
     * validation in the way): each record is processed or dead-lettered with its headers, and the
     * consumer keeps running (the order after them is consumed).
     */
    @Test
    void extremeCreatedAtValuesNeitherStopTheConsumerNorGetLost() throws Exception {
        String topic = TestKafka.uniqueName("orders");
        String group = TestKafka.uniqueName("group");
        TestKafka.createTopic(topic, 1);
        List<String> createdAts = List.of("+1000000000-12-31T23:59:59.999999999Z", "9999-12-31T23:59:59Z",
                "0001-01-01T00:00:00Z", "-1000000000-01-01T00:00:00Z", "+999999999-12-31T23:59:59Z");
        try (TestOrders orders = new TestOrders(topic)) {
            for (int i = 0; i < createdAts.size(); i++) {
                String json = "{\"orderId\":\"6f1d2c1e-8a7b-4c1d-9e2f-0a1b2c3d4e5" + i + "\",\"userId\":\"u1\",\"amount\":5,"
                        + "\"currency\":\"EUR\",\"createdAt\":\"" + createdAts.get(i) + "\"}";
                RecordHeaders traced = new RecordHeaders();
                traced.add("trace-id", ("t" + i).getBytes(StandardCharsets.UTF_8));
                orders.sendRaw(TestOrders.key("u1"), json.getBytes(StandardCharsets.UTF_8), traced);
            }
            orders.send(1);
        }
        int total = createdAts.size() + 1;

        try (ConsumerService consumer = ConsumerService.start(ConsumerTestEnv.of(topic, group, Map.of()))) {
            until(TIMEOUT, () -> consumer.consumed() + consumer.deadLettered() == total,
                    () -> "consumed " + consumer.consumed() + " + dead-lettered " + consumer.deadLettered() + ", expected " + total);
            until(TIMEOUT, () -> GroupOffsets.committed(group, topic).equals(Map.of(0, (long) total)),
                    () -> "committed " + GroupOffsets.committed(group, topic));
            assertEquals(200, HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + consumer.httpPort() + "/health/live")).build(),
                    HttpResponse.BodyHandlers.ofString()).statusCode(), "still live");
            int deadLettered = (int) consumer.deadLettered();
            if (deadLettered > 0) {
                for (ConsumerRecord<byte[], byte[]> dead : DeadLetters.read(topic + ".dlq", deadLettered, TIMEOUT)) {
                    assertTrue(DeadLetters.header(dead, "trace-id").startsWith("t"), "original headers kept");
                    assertEquals(topic, DeadLetters.header(dead, DeadLetterHeaders.SOURCE_TOPIC));
                }
            }
        }
    }

    private static void deleteTopic(String topic) throws Exception {
        try (Admin admin = TestKafka.admin()) {
            admin.deleteTopics(List.of(topic)).all().get(30, TimeUnit.SECONDS);
            until(TIMEOUT, () -> {
                try {
                    return !admin.listTopics().names().get(10, TimeUnit.SECONDS).contains(topic);
                } catch (Exception e) {
                    return false;
                }
            }, () -> topic + " deleted");
        }
    }

    /** The body of /health/ready (names each check and whether it is up). */
    private static String readiness(ConsumerService consumer) {
        try {
            HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + consumer.httpPort() + "/health/ready")).build(), HttpResponse.BodyHandlers.ofString());
            return response.statusCode() + " " + response.body();
        } catch (Exception e) {
            throw new IllegalStateException("readiness not readable", e);
        }
    }
}

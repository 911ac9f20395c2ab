package io.datastreamscaling.local.verify;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.datastreamscaling.local.broker.testing.TestKafka;
import io.datastreamscaling.shared.order.Order;
import io.datastreamscaling.shared.order.OrderJson;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The verifier against a real topic: what it reports, and when it fails. */
class VerifyTest {
    private static KafkaProducer<String, byte[]> producer;

    @TempDir
    Path dir;

    @BeforeAll
    static void startProducer() {
        producer = new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, TestKafka.bootstrapServers()),
                new StringSerializer(), new ByteArraySerializer());
    }

    @AfterAll
    static void stopProducer() {
        producer.close();
    }

    @Test
    void everyAcknowledgedOrderFoundOnceIsAPass() throws Exception {
        String topic = topic();
        List<String> acks = writeAll(topic, orders(20));

        Run run = verify(acks, "--bootstrap", TestKafka.bootstrapServers(), "--topic", topic, "--expect-no-duplicates");

        assertEquals(0, run.exitCode, run.output);
        assertEquals(20, run.json.get("acknowledged").asLong());
        assertEquals(20, run.json.get("found").asLong());
        assertEquals(0, run.json.get("missing").asLong());
        assertEquals(0, run.json.get("duplicated").asLong());
        assertEquals(0, run.json.get("outOfOrderPerUser").asLong());
        assertTrue(run.output.contains("topic: OK"), run.output);
    }

    @Test
    void anAcknowledgedOrderAbsentFromTheTopicIsMissingWithItsIdAndFails() throws Exception {
        String topic = topic();
        List<String> acks = writeAll(topic, orders(5));
        Order lost = order("user-lost");
        acks.add(ackLine(lost, 0, 999));

        Run run = verify(acks, "--bootstrap", TestKafka.bootstrapServers(), "--topic", topic);

        assertEquals(1, run.exitCode, run.output);
        assertEquals(1, run.json.get("missing").asLong());
        assertEquals(lost.orderId().toString(), run.json.get("missingIds").get(0).asText());
    }

    @Test
    void aDuplicateFailsOnlyWhereTheTopicPromisesNone() throws Exception {
        String topic = topic();
        List<Order> orders = orders(3);
        List<String> acks = writeAll(topic, orders);
        send(topic, orders.get(0)); // written twice, acknowledged once: what a non-idempotent retry does

        Run tolerant = verify(acks, "--bootstrap", TestKafka.bootstrapServers(), "--topic", topic);
        Run strict = verify(acks, "--bootstrap", TestKafka.bootstrapServers(), "--topic", topic, "--expect-no-duplicates");

        assertEquals(0, tolerant.exitCode, tolerant.output);
        assertEquals(1, tolerant.json.get("duplicated").asLong());
        assertEquals(1, strict.exitCode, strict.output);
    }

    @Test
    void anOrderWrittenButNeverAcknowledgedIsUnexpectedButNoFailure() throws Exception {
        String topic = topic();
        List<String> acks = writeAll(topic, orders(3));
        send(topic, order("user-unacknowledged")); // its acknowledgement was lost: never reported as sent

        Run run = verify(acks, "--bootstrap", TestKafka.bootstrapServers(), "--topic", topic, "--expect-no-duplicates");

        assertEquals(0, run.exitCode, run.output);
        assertEquals(1, run.json.get("unexpected").asLong());
        assertEquals(4, run.json.get("found").asLong());
    }

    @Test
    void aUsersOrdersReadInAnotherOrderThanAcknowledgedAreOutOfOrderAndFail() throws Exception {
        String topic = topic();
        Order first = order("user-1");
        Order second = order("user-1");
        List<String> acks = writeAll(topic, List.of(first, second));
        List<String> swapped = new ArrayList<>(List.of(acks.get(1), acks.get(0)));

        Run run = verify(swapped, "--bootstrap", TestKafka.bootstrapServers(), "--topic", topic);

        assertEquals(1, run.exitCode, run.output);
        assertEquals(1, run.json.get("outOfOrderPerUser").asLong());
    }

    @Test
    void withoutASinkOrAcknowledgementsTheOptionsAreRefusedWithExitCode2() throws IOException {
        Path acks = Files.writeString(dir.resolve("acks.jsonl"), "");

        assertEquals(2, Verify.run(new String[] {"--acks", acks.toString()}, quiet()));
        assertEquals(2, Verify.run(new String[] {"--bootstrap", "localhost:1"}, quiet()));
        assertEquals(2, Verify.run(new String[] {"--acks", dir.resolve("absent").toString(), "--bootstrap",
            TestKafka.bootstrapServers(), "--topic", topic()}, quiet()));
    }

    // --- fixtures

    record Run(int exitCode, String output, JsonNode json) {
    }

    private Run verify(List<String> ackLines, String... sinkArgs) throws IOException {
        Path acks = Files.write(dir.resolve(UUID.randomUUID() + ".jsonl"), ackLines);
        List<String> args = new ArrayList<>(List.of("--acks", acks.toString(), "--timeout", "60"));
        args.addAll(List.of(sinkArgs));
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        int exitCode = Verify.run(args.toArray(String[]::new), new PrintStream(captured, true, StandardCharsets.UTF_8));
        String output = captured.toString(StandardCharsets.UTF_8);
        List<String> lines = output.lines().toList();
        return new Run(exitCode, output, OrderJson.mapper().readTree(lines.get(lines.size() - 1)));
    }

    static String topic() {
        String topic = TestKafka.uniqueName("verify");
        TestKafka.createTopic(topic, 3);
        return topic;
    }

    static List<Order> orders(int count) {
        List<Order> orders = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            orders.add(order("user-" + (i % 4)));
        }
        return orders;
    }

    static Order order(String userId) {
        return new Order(UUID.randomUUID(), userId, new BigDecimal("9.99"), "EUR", Instant.now());
    }

    /** Sends each order and returns its acknowledgement line, as the producer's verification file has it. */
    private static List<String> writeAll(String topic, List<Order> orders) throws Exception {
        List<String> lines = new ArrayList<>();
        for (Order order : orders) {
            RecordMetadata metadata = send(topic, order);
            lines.add(ackLine(order, metadata.partition(), metadata.offset()));
        }
        return lines;
    }

    private static RecordMetadata send(String topic, Order order) throws Exception {
        return producer.send(new ProducerRecord<>(topic, order.userId(), OrderJson.encode(order))).get();
    }

    static String ackLine(Order order, int partition, long offset) {
        return "{\"orderId\":\"" + order.orderId() + "\",\"userId\":\"" + order.userId() + "\",\"partition\":" + partition
                + ",\"offset\":" + offset + ",\"timestamp\":" + order.createdAt().toEpochMilli() + "}";
    }

    private static PrintStream quiet() {
        return new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);
    }
}

package io.datastreamscaling.consumer;

import static io.datastreamscaling.local.broker.testing.Await.until;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.datastreamscaling.consumer.testing.DeadLetters;
import io.datastreamscaling.consumer.testing.GroupOffsets;
import io.datastreamscaling.consumer.testing.TestOrders;
import io.datastreamscaling.local.broker.testing.TestKafka;
import io.datastreamscaling.shared.kafka.DeadLetterHeaders;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.junit.jupiter.api.Test;

/** A record that is not a valid order is dead-lettered with its bytes and origin; the partition moves on. */
class PoisonRecordTest {
    private static final Duration TIMEOUT = Duration.ofSeconds(60);

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
}

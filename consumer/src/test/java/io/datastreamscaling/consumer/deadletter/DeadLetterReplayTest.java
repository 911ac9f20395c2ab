package io.datastreamscaling.consumer.deadletter;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.datastreamscaling.consumer.testing.DeadLetters;
import io.datastreamscaling.consumer.testing.TestOrders;
import io.datastreamscaling.local.broker.testing.TestKafka;
import io.datastreamscaling.shared.config.Env;
import io.datastreamscaling.shared.kafka.DeadLetterHeaders;
import io.datastreamscaling.shared.order.OrderJson;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.junit.jupiter.api.Test;

class DeadLetterReplayTest {

    @Test
    void replaysDecodableDeadLettersWithOriginalBytesAndWithoutDeadLetterHeaders() {
        String dlq = TestKafka.uniqueName("dlq");
        String orders = TestKafka.uniqueName("orders");
        TestKafka.createTopic(dlq, 1);
        TestKafka.createTopic(orders, 1);
        byte[] fixed;
        try (TestOrders writer = new TestOrders(dlq)) {
            fixed = OrderJson.encode(writer.nextOrder());
            writer.sendRaw(TestOrders.key("u1"), fixed, deadLetterHeaders(0));
            writer.sendRaw(TestOrders.key("u2"), "still broken".getBytes(StandardCharsets.UTF_8), deadLetterHeaders(1));
        }

        int exit = DeadLetterReplay.run(Env.of(Map.of("KAFKA_BOOTSTRAP_SERVERS", TestKafka.bootstrapServers(),
                DeadLetterReplay.DLQ_TOPIC, dlq, DeadLetterReplay.ORDERS_TOPIC, orders)));

        assertEquals(0, exit);
        List<ConsumerRecord<byte[], byte[]>> replayed = DeadLetters.readAll(orders, 1, Duration.ofSeconds(30));
        assertEquals(1, replayed.size(), "only the record that now decodes");
        assertArrayEquals(fixed, replayed.get(0).value());
        assertArrayEquals(TestOrders.key("u1"), replayed.get(0).key());
        assertEquals("abc", DeadLetters.header(replayed.get(0), "trace-id"), "original headers kept");
        assertNull(DeadLetters.header(replayed.get(0), DeadLetterHeaders.ERROR_CLASS), "dead-letter headers stripped");
    }

    private static RecordHeaders deadLetterHeaders(long offset) {
        RecordHeaders headers = new RecordHeaders();
        headers.add("trace-id", "abc".getBytes(StandardCharsets.UTF_8));
        headers.add(DeadLetterHeaders.SOURCE_OFFSET, Long.toString(offset).getBytes(StandardCharsets.UTF_8));
        headers.add(DeadLetterHeaders.ERROR_CLASS, "x".getBytes(StandardCharsets.UTF_8));
        return headers;
    }
}

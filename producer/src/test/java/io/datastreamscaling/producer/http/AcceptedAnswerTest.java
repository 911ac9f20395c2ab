package io.datastreamscaling.producer.http;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import io.datastreamscaling.shared.order.Order;
import io.datastreamscaling.shared.order.OrderJson;
import java.math.BigDecimal;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

/** The 202 body written by hand is byte for byte what Jackson writes for the same fields. */
class AcceptedAnswerTest {
    @Test
    void sameBytesAsJackson() throws Exception {
        Order order = Order.create("user-7", new BigDecimal("12.50"), "EUR");
        for (long offset : new long[] {0, 17, Long.MAX_VALUE}) {
            RecordMetadata metadata = new RecordMetadata(new TopicPartition("orders", 5), offset, 0, 0L, 0, 0);
            Map<String, Object> expected = new LinkedHashMap<>();
            expected.put("orderId", order.orderId().toString());
            expected.put("partition", 5);
            expected.put("offset", offset);
            assertArrayEquals(OrderJson.mapper().writeValueAsBytes(expected), OrderSubmissionRoute.accepted(order, metadata));
        }
    }
}

package io.datastreamscaling.streams.topology;

import io.datastreamscaling.shared.order.Order;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.streams.processor.TimestampExtractor;

/**
 * Event time is the order's {@code createdAt}, not when Kafka received it: a producer that retries or
 * catches up after an outage must not move orders into a later window.
 */
public final class OrderTimestampExtractor implements TimestampExtractor {
    @Override
    public long extract(ConsumerRecord<Object, Object> record, long partitionTime) {
        if (record.value() instanceof Order order) {
            return order.createdAt().toEpochMilli();
        }
        // Not an order (a tombstone): keep the broker timestamp so validation can dead-letter it.
        return record.timestamp();
    }
}

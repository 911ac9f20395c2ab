package io.datastreamscaling.streams.topology;

import io.datastreamscaling.shared.order.Order;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.streams.processor.TimestampExtractor;

/**
 * Event time is the order's {@code createdAt}, not when Kafka received it: a producer that retries or
 * catches up after an outage must not move orders into a later window.
 *
 * <p>A {@code createdAt} the {@link EventTimeRule} refuses is not used: the record keeps the broker's
 * timestamp (always a valid one) and the topology's gate, seeing that the record's timestamp is not
 * its {@code createdAt}, dead-letters it. Returning a negative value instead would make Kafka Streams
 * drop the record silently; throwing would stop the stream thread on every restart.
 */
public final class OrderTimestampExtractor implements TimestampExtractor {
    private final EventTimeRule rule;

    public OrderTimestampExtractor(EventTimeRule rule) {
        this.rule = rule;
    }

    @Override
    public long extract(ConsumerRecord<Object, Object> record, long partitionTime) {
        if (record.value() instanceof Order order && rule.usable(order.createdAt(), System.currentTimeMillis())) {
            return EventTimeRule.epochMillis(order.createdAt());
        }
        // Not an order (a tombstone) or an unusable createdAt: the gate dead-letters it.
        return record.timestamp();
    }
}

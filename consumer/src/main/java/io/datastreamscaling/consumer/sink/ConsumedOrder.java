package io.datastreamscaling.consumer.sink;

import io.datastreamscaling.shared.order.Order;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * A decoded order with the record it came from: the sink stores its source coordinates, and a
 * record the sink refuses can still be dead-lettered with its original bytes.
 */
public record ConsumedOrder(Order order, ConsumerRecord<byte[], byte[]> source) {
    public String topic() {
        return source.topic();
    }

    public int partition() {
        return source.partition();
    }

    public long offset() {
        return source.offset();
    }
}

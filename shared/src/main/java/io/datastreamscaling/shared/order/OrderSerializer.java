package io.datastreamscaling.shared.order;

import org.apache.kafka.common.serialization.Serializer;

/** Kafka serializer for {@link Order} values (JSON, see {@link OrderJson}). */
public final class OrderSerializer implements Serializer<Order> {
    @Override
    public byte[] serialize(String topic, Order order) {
        return order == null ? null : OrderJson.encode(order);
    }
}

package io.datastreamscaling.shared.order;

import org.apache.kafka.common.serialization.Deserializer;

/**
 * Kafka deserializer for {@link Order} values. Throws {@link OrderDecodingException} for a poison
 * record, a {@code createdAt} outside this service's {@link CreatedAtWindow} included. The plain
 * consumer does not use it inside {@code poll()} (it decodes raw bytes in the loop, see the
 * consumer's {@code OrderPollLoop}); Kafka Streams routes the exception to its deserialization
 * exception handler.
 */
public final class OrderDeserializer implements Deserializer<Order> {
    @Override
    public Order deserialize(String topic, byte[] data) {
        return data == null ? null : OrderJson.decode(data);
    }
}

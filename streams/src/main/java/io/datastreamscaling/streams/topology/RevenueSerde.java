package io.datastreamscaling.streams.topology;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.util.Arrays;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;

/**
 * The value serde of the revenue window store: read and written once per order (fetch, add, put), so
 * binary rather than JSON, whose parse and write were a visible part of each order's work (JFR):
 * a format byte, the order count (8 bytes), the revenue's scale (4 bytes) and its unscaled value
 * (two's complement, {@link BigInteger#toByteArray()}). Exact like the JSON: a {@link BigDecimal}
 * keeps its digits and scale.
 *
 * <p>A value in the earlier JSON form, from a changelog written before this serde, is still read: JSON
 * starts with {@code '{'}, never with the format byte.
 */
final class RevenueSerde implements Serde<Revenue> {
    private static final byte FORMAT = 1;
    private static final int HEADER = 1 + Long.BYTES + Integer.BYTES;
    private static final Deserializer<Revenue> JSON = JsonSerde.of(Revenue.class).deserializer();

    @Override
    public Serializer<Revenue> serializer() {
        return (topic, revenue) -> {
            if (revenue == null) {
                return null;
            }
            byte[] unscaled = revenue.revenue().unscaledValue().toByteArray();
            return ByteBuffer.allocate(HEADER + unscaled.length)
                    .put(FORMAT)
                    .putLong(revenue.orders())
                    .putInt(revenue.revenue().scale())
                    .put(unscaled)
                    .array();
        };
    }

    @Override
    public Deserializer<Revenue> deserializer() {
        return (topic, bytes) -> {
            if (bytes == null) {
                return null;
            }
            if (bytes.length == 0 || bytes[0] != FORMAT) {
                return JSON.deserialize(topic, bytes);
            }
            if (bytes.length <= HEADER) {
                throw new SerializationException("a revenue value of " + bytes.length + " bytes is too short");
            }
            ByteBuffer buffer = ByteBuffer.wrap(bytes);
            buffer.get();
            long orders = buffer.getLong();
            int scale = buffer.getInt();
            BigInteger unscaled = new BigInteger(Arrays.copyOfRange(bytes, HEADER, bytes.length));
            return new Revenue(new BigDecimal(unscaled, scale), orders);
        };
    }
}

package io.datastreamscaling.streams.topology;

import io.datastreamscaling.shared.order.fastpath.OrderBytesWriter;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;

/**
 * The value serde of {@code orders.enriched} and {@code orders.high-value}. Writing runs once per order
 * (JFR: Jackson's bean serializer was the largest part of the topology's own encoding), so it takes
 * the shared order writer's fast path for the order's fields and appends the tier: the same bytes
 * {@link JsonSerde} writes ({@code EnrichedOrderSerdeTest} compares them), without a generator. An
 * order the fast path does not take (a character to escape) is written by {@link JsonSerde}. Reading
 * is {@link JsonSerde}'s.
 */
final class EnrichedOrderSerde implements Serde<EnrichedOrder> {
    private static final JsonSerde<EnrichedOrder> JSON = JsonSerde.of(EnrichedOrder.class);
    /** {@code ,"tier":"LOW"}} and so on, by {@link AmountTier#ordinal()}: what follows the order's fields. */
    private static final byte[][] TIER_ENDINGS = Arrays.stream(AmountTier.values())
            .map(tier -> (",\"tier\":\"" + tier.name() + "\"}").getBytes(StandardCharsets.US_ASCII))
            .toArray(byte[][]::new);

    private final Serializer<EnrichedOrder> jsonSerializer = JSON.serializer();

    @Override
    public Serializer<EnrichedOrder> serializer() {
        return (topic, order) -> {
            if (order == null) {
                return null;
            }
            byte[] fields = OrderBytesWriter.write(order.orderId(), order.userId(), order.amount(), order.currency(), order.createdAt());
            if (fields == null) {
                return jsonSerializer.serialize(topic, order);
            }
            byte[] ending = TIER_ENDINGS[order.tier().ordinal()];
            // the order's closing brace is replaced by the tier field and a closing brace of its own
            byte[] out = Arrays.copyOf(fields, fields.length - 1 + ending.length);
            System.arraycopy(ending, 0, out, fields.length - 1, ending.length);
            return out;
        };
    }

    @Override
    public Deserializer<EnrichedOrder> deserializer() {
        return JSON.deserializer();
    }
}

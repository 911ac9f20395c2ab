package io.datastreamscaling.consumer.poll;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.datastreamscaling.consumer.deadletter.PoisonRecord;
import io.datastreamscaling.consumer.sink.ConsumedOrder;
import io.datastreamscaling.shared.order.Order;
import io.datastreamscaling.shared.order.OrderJson;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

class BatchDecoderTest {
    private static final Instant NOW = Instant.parse("2026-12-07T03:00:00Z");

    /**
     * A batch big enough to be shared with the helper, with poison records in many chunks: the sink
     * and the dead-letter topic must see exactly what one thread decoding in poll order gives.
     */
    @Test
    void sharedDecodingKeepsThePollOrderOfOrdersAndPoisonRecords() {
        ConsumerRecords<byte[], byte[]> records = batch(3, 700);
        List<Object> expected = decodedOneByOne(records);

        List<Object> shared;
        try (BatchDecoder decoder = BatchDecoder.withHelper()) {
            shared = flatten(decoder.start(records, NOW).await(), records);
        }

        assertEquals(expected, shared);
    }

    @Test
    void inlineDecodingGivesTheSameAsOneRecordAtATime() {
        ConsumerRecords<byte[], byte[]> records = batch(2, 300);

        List<Object> inline;
        try (BatchDecoder decoder = BatchDecoder.inline()) {
            inline = flatten(decoder.start(records, NOW).await(), records);
        }

        assertEquals(decodedOneByOne(records), inline);
    }

    /** Every 7th record is not an order; the rest are valid orders created just before NOW. */
    private static ConsumerRecords<byte[], byte[]> batch(int partitions, int perPartition) {
        Map<TopicPartition, List<ConsumerRecord<byte[], byte[]>>> byPartition = new LinkedHashMap<>();
        int n = 0;
        for (int p = 0; p < partitions; p++) {
            List<ConsumerRecord<byte[], byte[]>> list = new ArrayList<>();
            for (long offset = 0; offset < perPartition; offset++, n++) {
                byte[] value = n % 7 == 3 ? ("not an order " + n).getBytes(StandardCharsets.UTF_8)
                        : OrderJson.encode(new Order(new UUID(n, offset), "user-" + n, BigDecimal.valueOf(n + 1, 2), "EUR",
                                NOW.minusMillis(n)));
                list.add(new ConsumerRecord<>("orders", p, offset, null, value));
            }
            byPartition.put(new TopicPartition("orders", p), list);
        }
        return new ConsumerRecords<>(byPartition, Map.of());
    }

    /** The reference: each record decoded on this thread, in poll order, as "order@offset" / "poison@offset". */
    private static List<Object> decodedOneByOne(ConsumerRecords<byte[], byte[]> records) {
        List<Object> out = new ArrayList<>();
        for (ConsumerRecord<byte[], byte[]> record : records) {
            try {
                out.add(List.of(OrderJson.decode(record.value(), NOW), record.partition(), record.offset()));
            } catch (RuntimeException e) {
                out.add(List.of("poison", record.partition(), record.offset(), e.getMessage()));
            }
        }
        return out;
    }

    /** The decoder's two lists merged back into poll order, in the reference's form. */
    private static List<Object> flatten(BatchDecoder.Decoded decoded, ConsumerRecords<byte[], byte[]> records) {
        List<Object> out = new ArrayList<>();
        int order = 0;
        int poison = 0;
        for (ConsumerRecord<byte[], byte[]> record : records) {
            if (order < decoded.orders().size() && decoded.orders().get(order).source() == record) {
                ConsumedOrder o = decoded.orders().get(order++);
                out.add(List.of(o.order(), o.partition(), o.offset()));
            } else {
                PoisonRecord p = decoded.poison().get(poison++);
                out.add(p.record() == record ? List.of("poison", record.partition(), record.offset(), p.error().getMessage())
                        : List.of("out of order", record.partition(), record.offset()));
            }
        }
        assertEquals(decoded.orders().size(), order, "orders not in poll order");
        assertEquals(decoded.poison().size(), poison, "poison records not in poll order");
        return out;
    }
}

package io.datastreamscaling.bench.sink;

import io.datastreamscaling.bench.workload.OrderPayloads;
import io.datastreamscaling.consumer.sink.ConsumedOrder;
import io.datastreamscaling.consumer.sink.OrderBatch;
import io.datastreamscaling.producer.generate.OrderGenerator;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;

/**
 * The rows of every sink round, built once: decoded orders in poll-sized batches, as our poll loop
 * hands them to the sink. Each batch spans every partition with offsets continuing per partition,
 * and every order id is new, so each round ends with exactly {@link #rows()} rows in its table.
 *
 * @param batches   in the order they are written
 * @param rows      orders in all batches
 */
public record SinkBatches(List<OrderBatch> batches, int rows) {
    /** The topic the rows claim to come from (what {@code source_topic} and {@code kafka_offsets} hold). */
    public static final String SOURCE_TOPIC = "bench-sink";

    public static SinkBatches generate(int rows, int batchSize, int partitions) {
        OrderGenerator generator = OrderPayloads.generator();
        List<OrderBatch> batches = new ArrayList<>();
        long[] next = new long[partitions];
        for (int start = 0; start < rows; start += batchSize) {
            int size = Math.min(batchSize, rows - start);
            List<ConsumedOrder> orders = new ArrayList<>(size);
            Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>();
            for (int i = start; i < start + size; i++) {
                int partition = i % partitions;
                long offset = next[partition]++;
                orders.add(new ConsumedOrder(generator.next(), new ConsumerRecord<>(SOURCE_TOPIC, partition, offset, null, null)));
                offsets.put(new TopicPartition(SOURCE_TOPIC, partition), new OffsetAndMetadata(offset + 1));
            }
            batches.add(new OrderBatch(orders, offsets));
        }
        return new SinkBatches(List.copyOf(batches), rows);
    }

    /** Every partition a batch names: what a consumer would have been assigned. */
    public List<TopicPartition> partitions() {
        return batches.stream().flatMap(b -> b.nextOffsets().keySet().stream()).distinct().toList();
    }
}

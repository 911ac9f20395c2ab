package io.datastreamscaling.consumer.sink;

import java.util.Map;
import org.apache.kafka.common.TopicPartition;

/**
 * The sink's stored offset of some partitions is not where this consumer left it: another member of
 * the group owns them now (we are a zombie after a rebalance we have not seen yet). Nothing was
 * written; the loop seeks these partitions to the stored offsets.
 */
public final class FencedPartitionsException extends Exception {
    private final transient Map<TopicPartition, Long> storedOffsets;

    public FencedPartitionsException(Map<TopicPartition, Long> storedOffsets) {
        super("partitions written by another consumer: " + storedOffsets.keySet());
        this.storedOffsets = Map.copyOf(storedOffsets);
    }

    /** The offsets the sink holds now for the fenced partitions. */
    public Map<TopicPartition, Long> storedOffsets() {
        return storedOffsets;
    }
}

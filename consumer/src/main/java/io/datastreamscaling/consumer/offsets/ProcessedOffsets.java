package io.datastreamscaling.consumer.offsets;

import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;

/**
 * The next offset of every owned partition up to which records are fully processed (written by the
 * sink, or dead-lettered and acknowledged). This is the only thing ever committed to Kafka: a crash
 * re-reads from here, so nothing processed is lost and nothing unprocessed is skipped.
 *
 * <p>Committed only by {@link OffsetCommits}.
 *
 * <p>Used only by the poll-loop thread (rebalance callbacks run inside {@code poll()} on that thread).
 */
public final class ProcessedOffsets {
    private final Map<TopicPartition, OffsetAndMetadata> next = new HashMap<>();

    public void record(Map<TopicPartition, OffsetAndMetadata> batchNextOffsets) {
        next.putAll(batchNextOffsets);
    }

    /** Processed offsets of the given partitions only (for a partial, cooperative revocation). */
    public Map<TopicPartition, OffsetAndMetadata> of(Collection<TopicPartition> partitions) {
        Map<TopicPartition, OffsetAndMetadata> result = new HashMap<>();
        for (TopicPartition tp : partitions) {
            OffsetAndMetadata offset = next.get(tp);
            if (offset != null) {
                result.put(tp, offset);
            }
        }
        return result;
    }

    public Map<TopicPartition, OffsetAndMetadata> all() {
        return Map.copyOf(next);
    }

    public void forget(Collection<TopicPartition> partitions) {
        partitions.forEach(next::remove);
    }

    /** Forgets every partition not in {@code owned}. */
    public void retainOnly(Collection<TopicPartition> owned) {
        next.keySet().retainAll(owned);
    }
}

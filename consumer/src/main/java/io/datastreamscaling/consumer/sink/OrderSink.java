package io.datastreamscaling.consumer.sink;

import java.util.Collection;
import java.util.Map;
import org.apache.kafka.common.TopicPartition;

/**
 * Where processed orders go. The poll loop calls it from its one thread, one poll batch at a time.
 *
 * <p>A sink that stores the offsets itself (the exactly-once Postgres sink) answers
 * {@link #storedOffsets}; the loop then starts each newly assigned partition there instead of at
 * Kafka's committed offset.
 */
public interface OrderSink extends AutoCloseable {

    /**
     * Writes the batch durably, or nothing of it.
     *
     * @return the number of rows newly written (a re-delivered order already stored counts 0)
     * @throws SinkUnavailableException  transient: nothing was written; retry the same batch later
     * @throws RejectedOrdersException   some orders can never be written; nothing was written
     * @throws FencedPartitionsException another consumer wrote these partitions since we took them;
     *                                   nothing was written
     */
    int write(OrderBatch batch) throws SinkUnavailableException, RejectedOrdersException, FencedPartitionsException;

    /**
     * Where the sink says each partition continues (next offset to read); partitions it knows
     * nothing of are absent and start at Kafka's committed offset. Called on assignment.
     */
    default Map<TopicPartition, Long> storedOffsets(Collection<TopicPartition> partitions) throws SinkUnavailableException {
        return Map.of();
    }

    /** The partitions are no longer ours; forget what was known about them. */
    default void release(Collection<TopicPartition> partitions) {
    }

    /** Throws if the sink cannot take writes now; used to decide when to resume after an outage. */
    default void checkAvailable() throws SinkUnavailableException {
    }

    @Override
    void close();
}

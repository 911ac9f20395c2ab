package io.datastreamscaling.streams.topology;

/**
 * Input records whose output the broker refused (a timestamp outside the topic's accepted range, a
 * record too large). Under exactly-once such a refusal aborts the whole transaction, so the record is
 * read again from the last commit; this tells the topology to dead-letter it this time instead of
 * producing the same refused output again.
 */
public interface RefusedInputs {
    /** Nothing refused: for tests and tools that run the topology without the service. */
    RefusedInputs NONE = (topic, partition, offset) -> false;

    boolean isRefused(String topic, int partition, long offset);
}

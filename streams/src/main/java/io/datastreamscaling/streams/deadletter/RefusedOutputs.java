package io.datastreamscaling.streams.deadletter;

import io.datastreamscaling.streams.topology.RefusedInputs;
import io.datastreamscaling.streams.topology.SourceLineage;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The input records of this instance whose output the broker refused, and the refusals themselves.
 *
 * <p>Under exactly-once a refused output record cannot simply be skipped: the producer puts the whole
 * transaction in an abortable error state, so nothing of it commits. {@link RefusedOutputHandler}
 * records the input record here and fails the stream thread; the failure policy replaces the thread
 * (the transaction is aborted, the task restarts from its last commit), and when the record is read
 * again the topology dead-letters it instead of producing the refused output once more. One thread
 * replacement per refused record, never a loop.
 *
 * <p>Held in memory: a restarted instance (or the instance a partition moves to) learns the same
 * record again at the cost of one more replacement. Entries stay, so a record read once more after a
 * later abort is dead-lettered again in the transaction that finally commits.
 */
public final class RefusedOutputs implements RefusedInputs {
    private final Set<SourceLineage> inputs = ConcurrentHashMap.newKeySet();
    private final AtomicBoolean learnedSinceLastFailure = new AtomicBoolean();

    void add(SourceLineage input) {
        if (inputs.add(input)) {
            learnedSinceLastFailure.set(true);
        }
    }

    @Override
    public boolean isRefused(String topic, int partition, long offset) {
        return !inputs.isEmpty() && inputs.contains(new SourceLineage(topic, partition, offset));
    }

    /**
     * Whether a stream thread failure follows a refusal newly recorded here: the refused record's
     * input will be dead-lettered when read again, so replacing the thread is the cure, not a retry of
     * a bug. The failure itself names no record: the producer reports the transaction's first error,
     * which may be a batch-mate's. Each newly refused input excuses one failure.
     */
    public boolean explains(Throwable failure) {
        return learnedSinceLastFailure.getAndSet(false);
    }

    /** How many input records are known refused (for the log and tests). */
    public int size() {
        return inputs.size();
    }
}

package io.datastreamscaling.consumer.offsets;

import io.datastreamscaling.consumer.sink.OrderSink;
import io.datastreamscaling.consumer.sink.SinkUnavailableException;
import java.util.Collection;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What happens to offsets when partitions change owner. Runs inside {@code poll()} on the loop
 * thread, between two batches, so no batch is ever half-processed here.
 *
 * <ul>
 *   <li>Revoked (cooperative: only the partitions that move): commit their processed offsets
 *       synchronously ({@link OffsetCommits#beforeRevocation}), then forget them.</li>
 *   <li>Lost (we were thrown out of the group): forget them and commit nothing; another member may
 *       own them already, and a commit now could move its offsets backwards.</li>
 *   <li>Assigned: seek each partition to the offset the sink stored (exactly-once sink), else keep
 *       Kafka's committed offset. If the sink is down, the partitions wait, paused, until it is back.</li>
 * </ul>
 *
 * <p>The loop may hold one batch decoded ahead, polled but not yet written (nothing of it committed,
 * stored or dead-lettered): it asks {@link #changedSinceMark()} after the next poll and drops that
 * batch if the assignment moved under it.
 */
public final class RebalanceHandler implements ConsumerRebalanceListener {
    private static final Logger log = LoggerFactory.getLogger(RebalanceHandler.class);

    private final org.apache.kafka.clients.consumer.Consumer<?, ?> consumer;
    private final OffsetCommits commits;
    private final OrderSink sink;
    private final Consumer<Collection<TopicPartition>> onReleased;
    private final Set<TopicPartition> awaitingStart = new HashSet<>();
    private final Set<TopicPartition> assignedSinceMark = new HashSet<>();
    private boolean changedSinceMark;
    private volatile boolean hasAssignment;

    /** {@code onReleased} hears of revoked and lost partitions (e.g. to drop their lag gauges). */
    public RebalanceHandler(org.apache.kafka.clients.consumer.Consumer<?, ?> consumer, OffsetCommits commits,
                            OrderSink sink, Consumer<Collection<TopicPartition>> onReleased) {
        this.consumer = consumer;
        this.commits = commits;
        this.sink = sink;
        this.onReleased = onReleased;
    }

    @Override
    public void onPartitionsRevoked(Collection<TopicPartition> revoked) {
        if (revoked.isEmpty()) {
            return;
        }
        changedSinceMark = true;
        try {
            commits.beforeRevocation(revoked);
        } finally {
            release(revoked);
        }
        log.info("revoked {}", revoked);
    }

    @Override
    public void onPartitionsLost(Collection<TopicPartition> lost) {
        // No commit: we no longer own these, and another member may have moved past our offsets.
        changedSinceMark = true;
        release(lost);
        log.warn("lost {} (session expired or fenced); their progress since the last commit will be redone by the new owner", lost);
    }

    @Override
    public void onPartitionsAssigned(Collection<TopicPartition> assigned) {
        hasAssignment = !consumer.assignment().isEmpty();
        if (assigned.isEmpty()) {
            return;
        }
        changedSinceMark = true;
        assignedSinceMark.addAll(assigned);
        awaitingStart.addAll(assigned);
        startAwaitingPartitions();
        log.info("assigned {}", assigned);
    }

    /**
     * Seeks partitions whose start the sink could not yet tell us. Returns whether none are waiting;
     * waiting partitions stay paused.
     */
    public boolean startAwaitingPartitions() {
        if (awaitingStart.isEmpty()) {
            return true;
        }
        try {
            Map<TopicPartition, Long> stored = sink.storedOffsets(Set.copyOf(awaitingStart));
            // The sink, not Kafka, knows what was written: start exactly after it.
            stored.forEach(consumer::seek);
            commits.startedAtStoredOffsets(stored);
            if (!stored.isEmpty()) {
                log.info("starting at offsets stored by the sink: {}", stored);
            }
            consumer.resume(Set.copyOf(awaitingStart));
            awaitingStart.clear();
            return true;
        } catch (SinkUnavailableException e) {
            // Reading from Kafka's offset now could re-write or skip rows: wait for the sink.
            consumer.pause(Set.copyOf(awaitingStart));
            log.warn("sink unavailable, cannot tell where {} start; they stay paused: {}", awaitingStart, e.getMessage());
            return false;
        }
    }

    /** Starts watching for partitions revoked, lost or assigned (by the poll that follows). */
    public void mark() {
        changedSinceMark = false;
        assignedSinceMark.clear();
    }

    /** Whether any partition was revoked, lost or assigned since {@link #mark()}. */
    public boolean changedSinceMark() {
        return changedSinceMark;
    }

    /** The partitions assigned since {@link #mark()}: their position is the one the assignment set. */
    public Set<TopicPartition> assignedSinceMark() {
        return Set.copyOf(assignedSinceMark);
    }

    public boolean hasPartitionsAwaitingStart() {
        return !awaitingStart.isEmpty();
    }

    /** Readiness: the consumer owns at least one partition. */
    public boolean hasAssignment() {
        return hasAssignment;
    }

    private void release(Collection<TopicPartition> partitions) {
        commits.forget(partitions);
        awaitingStart.removeAll(partitions);
        sink.release(partitions);
        onReleased.accept(partitions);
        hasAssignment = !consumer.assignment().isEmpty() && !Set.copyOf(partitions).containsAll(consumer.assignment());
    }
}

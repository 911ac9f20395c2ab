package io.datastreamscaling.consumer.offsets;

import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.clients.consumer.CommitFailedException;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Every offset commit to Kafka the consumer makes, and nothing else. What is committed is always
 * {@link ProcessedOffsets}: records written by the sink or acknowledged by the dead-letter topic.
 *
 * <ol>
 *   <li>{@link #afterBatch}: asynchronously, after the sink made a batch durable; while more records
 *       are already waiting (a backlog), at most every {@link #BACKLOG_COMMIT_INTERVAL} instead;</li>
 *   <li>{@link #afterFencedBatch}: asynchronously, after the exactly-once sink refused a batch because
 *       another member wrote the partitions: the database's offsets become the processed ones;</li>
 *   <li>{@link #beforeRevocation}: synchronously, inside {@code onPartitionsRevoked}, retried once
 *       when {@code close()}'s wakeup interrupts it;</li>
 *   <li>{@link #finalCommit}: synchronously, once the loop stops.</li>
 * </ol>
 *
 * <p>A {@link CommitFailedException} means the group moved on without us (a rebalance we have not yet
 * seen assigned our partitions elsewhere). It is not retriable: the commit is dropped, the processed
 * state of partitions we no longer own is forgotten, and the loop continues. The new owner starts at
 * the previous commit (at-least-once sinks re-deliver a batch; the exactly-once sink starts at its
 * stored offsets, so nothing is written twice).
 *
 * <p>Used only by the poll-loop thread: rebalance callbacks and commit callbacks run inside
 * {@code poll()} / {@code commitSync()} on that thread.
 */
public final class OffsetCommits {
    private static final Logger log = LoggerFactory.getLogger(OffsetCommits.class);
    /**
     * How often a consumer reading a backlog commits. One {@code commitAsync} per batch was a fifth of
     * the poll thread's time at full speed (it sends the request and wakes the heartbeat thread); what
     * a longer interval costs is re-reading, after a crash, what was processed since the last commit.
     */
    public static final Duration BACKLOG_COMMIT_INTERVAL = Duration.ofMillis(100);

    private final Consumer<?, ?> consumer;
    private final ProcessedOffsets processed;
    private final Duration syncTimeout;
    /** Partitions with progress not yet sent in a commit (a backlog's batches since the last one). */
    private final Set<TopicPartition> uncommitted = new HashSet<>();
    private final long backlogCommitIntervalNanos;
    private long lastCommitNanos;

    public OffsetCommits(Consumer<?, ?> consumer, ProcessedOffsets processed, Duration syncTimeout) {
        this(consumer, processed, syncTimeout, BACKLOG_COMMIT_INTERVAL);
    }

    OffsetCommits(Consumer<?, ?> consumer, ProcessedOffsets processed, Duration syncTimeout, Duration backlogCommitInterval) {
        this.consumer = consumer;
        this.processed = processed;
        this.syncTimeout = syncTimeout;
        this.backlogCommitIntervalNanos = backlogCommitInterval.toNanos();
        this.lastCommitNanos = System.nanoTime() - backlogCommitIntervalNanos;
    }

    /**
     * Commit point 1: the sink made the batch durable (and its poison records are acknowledged). With
     * {@code moreWaiting} (the next batch is already polled) the commit waits until
     * {@link #BACKLOG_COMMIT_INTERVAL} has passed since the last one; the last batch of a backlog is
     * committed at once, and {@link #commitIfDue} sends what a stalled backlog left.
     */
    public void afterBatch(Map<TopicPartition, OffsetAndMetadata> batchNextOffsets, boolean moreWaiting) {
        processed.record(batchNextOffsets);
        uncommitted.addAll(batchNextOffsets.keySet());
        if (!moreWaiting || intervalPassed()) {
            commitUncommitted();
        }
    }

    /** Commits the progress a backlog left uncommitted once {@link #BACKLOG_COMMIT_INTERVAL} has passed. */
    public void commitIfDue() {
        if (!uncommitted.isEmpty() && intervalPassed()) {
            commitUncommitted();
        }
    }

    private boolean intervalPassed() {
        return System.nanoTime() - lastCommitNanos >= backlogCommitIntervalNanos;
    }

    private void commitUncommitted() {
        // Read from the processed offsets at commit time: a partition revoked or lost since its batch
        // was written is no longer there, so this commit can never move another owner's offset.
        Map<TopicPartition, OffsetAndMetadata> offsets = processed.of(uncommitted);
        uncommitted.clear();
        if (offsets.isEmpty()) {
            return;
        }
        lastCommitNanos = System.nanoTime();
        // Only after the sink made the batches durable: a crash before this re-reads them, never skips them.
        consumer.commitAsync(offsets, this::onAsyncCommit);
    }

    /**
     * Commit point 2: the exactly-once sink refused the batch because the database already holds
     * {@code stored} for these partitions. The loop continues from there, so that is what is
     * processed; without recording it a later commit would move Kafka's offset back behind the
     * database (lag that is not real, and the autoscaler acts on lag).
     */
    public void afterFencedBatch(Map<TopicPartition, Long> stored) {
        Map<TopicPartition, OffsetAndMetadata> owned = owned(stored);
        if (owned.isEmpty()) {
            return;
        }
        processed.record(owned);
        consumer.commitAsync(owned, this::onAsyncCommit);
    }

    /**
     * A newly assigned partition starts where the sink stored it: that much is processed (the
     * database is the source of truth). Committed with the next commit.
     */
    public void startedAtStoredOffsets(Map<TopicPartition, Long> stored) {
        processed.record(owned(stored));
    }

    /**
     * Commit point 3, inside {@code onPartitionsRevoked}: commit the revoked partitions' processed
     * offsets before the revocation completes, or their new owner re-reads those records; then forget
     * them. If {@code close()}'s wakeup fires inside this commit, the commit is retried (the wakeup
     * is consumed by the first throw) and the wakeup is rethrown afterwards, so the loop still stops.
     */
    public void beforeRevocation(Collection<TopicPartition> revoked) {
        Map<TopicPartition, OffsetAndMetadata> offsets = processed.of(revoked);
        WakeupException wakeup = null;
        try {
            if (!offsets.isEmpty()) {
                try {
                    consumer.commitSync(offsets, syncTimeout);
                } catch (WakeupException e) {
                    wakeup = e;
                    consumer.commitSync(offsets, syncTimeout);
                }
            }
        } catch (CommitFailedException e) {
            onCommitFailed(e);
        } catch (KafkaException e) {
            // The new owner starts at the previous commit: records re-read, none lost (and the
            // exactly-once sink skips them by its stored offsets).
            log.warn("could not commit revoked partitions {}: {}", offsets.keySet(), e.toString());
        } finally {
            processed.forget(revoked);
        }
        if (wakeup != null) {
            throw wakeup;
        }
    }

    /** Partitions lost (session expired, fenced): no commit, another member may own them already. */
    public void forget(Collection<TopicPartition> lost) {
        processed.forget(lost);
    }

    /** Commit point 4: everything processed, before the consumer closes; the next owner starts right after it. */
    public void finalCommit() {
        Map<TopicPartition, OffsetAndMetadata> offsets = processed.all();
        if (offsets.isEmpty()) {
            return;
        }
        try {
            try {
                consumer.commitSync(offsets, syncTimeout);
            } catch (WakeupException e) {
                // close() arrived after the last poll, so its wakeup fired here instead: commit for real now.
                consumer.commitSync(offsets, syncTimeout);
            }
        } catch (CommitFailedException e) {
            onCommitFailed(e);
        } catch (KafkaException e) {
            log.warn("final commit failed; the next owner re-reads from the previous commit: {}", e.toString());
        }
    }

    private void onAsyncCommit(Map<TopicPartition, OffsetAndMetadata> offsets, Exception e) {
        if (e instanceof CommitFailedException failed) {
            onCommitFailed(failed);
        } else if (e != null) {
            log.debug("async commit failed (a later commit or the revocation commit covers it): {}", e.toString());
        }
    }

    /**
     * Not retriable: the group has rebalanced and our generation (or member epoch) is stale. Progress
     * of partitions we still own is kept for the next commit; partitions we no longer own are
     * forgotten, so no later commit can move their new owner's offsets.
     */
    private void onCommitFailed(CommitFailedException e) {
        Map<TopicPartition, OffsetAndMetadata> before = processed.all();
        processed.retainOnly(consumer.assignment());
        log.warn("offset commit refused, the group rebalanced without us (redelivery from the previous commit for "
                + "partitions now owned elsewhere; the exactly-once sink writes nothing twice); keeping {} of {} partitions: {}",
                processed.all().size(), before.size(), e.getMessage());
    }

    private Map<TopicPartition, OffsetAndMetadata> owned(Map<TopicPartition, Long> offsets) {
        Map<TopicPartition, OffsetAndMetadata> owned = new HashMap<>();
        offsets.forEach((tp, offset) -> {
            if (consumer.assignment().contains(tp)) {
                owned.put(tp, new OffsetAndMetadata(offset));
            }
        });
        return owned;
    }
}

package io.datastreamscaling.consumer.offsets;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.datastreamscaling.consumer.sink.OrderSink;
import io.datastreamscaling.consumer.sink.log.LogSink;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.CommitFailedException;
import org.apache.kafka.clients.consumer.MockConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.consumer.OffsetCommitCallback;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.junit.jupiter.api.Test;

/** Fast edge cases of the commit points, on a MockConsumer (the broker tests cover the happy paths). */
class OffsetCommitsTest {
    private static final TopicPartition P0 = new TopicPartition("orders", 0);
    private static final TopicPartition P1 = new TopicPartition("orders", 1);
    private static final Duration TIMEOUT = Duration.ofSeconds(5);

    /** A MockConsumer whose next commits fail the way a real one can. */
    private static class FailingConsumer extends MockConsumer<byte[], byte[]> {
        private int wakeupsOnCommitSync;
        private RuntimeException asyncCommitFailure;
        private Runnable beforeAsyncCallback = () -> { };
        /** Every offset a commit call asked for, whether or not the partition was assigned. */
        private final Map<TopicPartition, Long> requested = new HashMap<>();

        FailingConsumer() {
            super("earliest");
        }

        @Override
        public void commitSync(Map<TopicPartition, OffsetAndMetadata> offsets, Duration timeout) {
            if (wakeupsOnCommitSync > 0) {
                wakeupsOnCommitSync--;
                throw new WakeupException();
            }
            offsets.forEach((tp, offset) -> requested.put(tp, offset.offset()));
            super.commitSync(offsets, timeout);
        }

        @Override
        public synchronized void commitAsync(Map<TopicPartition, OffsetAndMetadata> offsets, OffsetCommitCallback callback) {
            if (asyncCommitFailure == null) {
                offsets.forEach((tp, offset) -> requested.put(tp, offset.offset()));
                super.commitAsync(offsets, callback);
                return;
            }
            beforeAsyncCallback.run();
            callback.onComplete(offsets, asyncCommitFailure);
        }

        Long committedOffset(TopicPartition tp) {
            return requested.get(tp);
        }
    }

    private final FailingConsumer consumer = new FailingConsumer();
    private final OffsetCommits commits = new OffsetCommits(consumer, new ProcessedOffsets(), TIMEOUT);
    private final OrderSink sink = new LogSink();
    private final RebalanceHandler rebalance = new RebalanceHandler(consumer, commits, sink, released -> { });

    @Test
    void wakeupDuringTheRevocationCommitStillCommitsTheRevokedPartitionsAndThenStops() {
        consumer.assign(List.of(P0, P1));
        // Processed but not yet committed (an async commit may not have landed): only the revocation commit covers it.
        commits.startedAtStoredOffsets(Map.of(P0, 15L, P1, 20L));
        consumer.wakeupsOnCommitSync = 1;

        assertThrows(WakeupException.class, () -> rebalance.onPartitionsRevoked(List.of(P0)),
                "close()'s wakeup still takes effect after the retried commit");

        assertEquals(15L, consumer.committedOffset(P0), "the revoked partition's processed offset is committed despite the wakeup");
        commits.finalCommit();
        assertEquals(20L, consumer.committedOffset(P1), "the partition still owned is committed by the final commit");
    }

    @Test
    void wakeupDuringTheFinalCommitIsRetriedOnce() {
        consumer.assign(List.of(P0));
        commits.startedAtStoredOffsets(Map.of(P0, 7L));
        consumer.wakeupsOnCommitSync = 1;

        commits.finalCommit();

        assertEquals(7L, consumer.committedOffset(P0));
    }

    @Test
    void whileABacklogIsReadBatchesAreCommittedAtMostEveryIntervalAndTheLastOneAtOnce() {
        OffsetCommits commits = new OffsetCommits(consumer, new ProcessedOffsets(), TIMEOUT, Duration.ofHours(1));
        consumer.assign(List.of(P0, P1));
        commits.afterBatch(Map.of(P0, new OffsetAndMetadata(10)), true);
        assertEquals(10L, consumer.requested.get(P0), "the first batch of a backlog is committed");

        commits.afterBatch(Map.of(P0, new OffsetAndMetadata(20)), true);
        commits.afterBatch(Map.of(P1, new OffsetAndMetadata(5)), true);
        commits.commitIfDue();
        assertEquals(10L, consumer.requested.get(P0), "within the interval, with the next batch waiting: no commit yet");
        assertNull(consumer.requested.get(P1));

        commits.afterBatch(Map.of(P0, new OffsetAndMetadata(30)), false);
        assertEquals(30L, consumer.requested.get(P0), "the backlog's last batch commits everything it left");
        assertEquals(5L, consumer.requested.get(P1));
    }

    @Test
    void progressABacklogLeftUncommittedIsSentOnceTheIntervalHasPassed() throws InterruptedException {
        Duration interval = Duration.ofMillis(50);
        OffsetCommits commits = new OffsetCommits(consumer, new ProcessedOffsets(), TIMEOUT, interval);
        consumer.assign(List.of(P0));
        commits.afterBatch(Map.of(P0, new OffsetAndMetadata(10)), true);
        commits.afterBatch(Map.of(P0, new OffsetAndMetadata(20)), true);

        Thread.sleep(interval.toMillis() + 20);
        commits.commitIfDue();

        assertEquals(20L, consumer.requested.get(P0), "a stalled backlog's progress is not held back");
    }

    @Test
    void uncommittedProgressOfALostPartitionIsNeverCommittedLater() {
        OffsetCommits commits = new OffsetCommits(consumer, new ProcessedOffsets(), TIMEOUT, Duration.ofHours(1));
        consumer.assign(List.of(P0, P1));
        commits.afterBatch(Map.of(P0, new OffsetAndMetadata(10)), true);
        commits.afterBatch(Map.of(P1, new OffsetAndMetadata(5)), true);

        // The session expired: P1 went to another member, which may be past 5 by now.
        commits.forget(List.of(P1));
        consumer.assign(List.of(P0));
        commits.afterBatch(Map.of(P0, new OffsetAndMetadata(20)), false);

        assertEquals(20L, consumer.requested.get(P0));
        assertNull(consumer.requested.get(P1), "a commit for P1 now could move its new owner's offset back");
    }

    @Test
    void fencedBatchMakesTheDatabaseOffsetsTheProcessedOnesSoLaterCommitsNeverMoveKafkaBackBehindIt() {
        consumer.assign(List.of(P0, P1));
        commits.afterBatch(Map.of(P0, new OffsetAndMetadata(5), P1, new OffsetAndMetadata(3)), false);

        // The exactly-once sink refused the next batch: the database already holds 40 for P0.
        commits.afterFencedBatch(Map.of(P0, 40L, new TopicPartition("orders", 9), 99L));
        commits.afterBatch(Map.of(P1, new OffsetAndMetadata(8)), false);
        commits.finalCommit();

        assertEquals(40L, consumer.committedOffset(P0), "Kafka's committed offset follows the database, never back to 5");
        assertEquals(8L, consumer.committedOffset(P1));
        assertNull(consumer.committedOffset(new TopicPartition("orders", 9)), "a partition we do not own is never committed");
    }

    @Test
    void commitFailedExceptionForgetsPartitionsNoLongerOwnedKeepsTheRestAndDoesNotStopTheLoop() {
        consumer.assign(List.of(P0, P1));
        consumer.asyncCommitFailure = new CommitFailedException("the group has already rebalanced");
        // By the time the refusal arrives the group has given P0 to another member.
        consumer.beforeAsyncCallback = () -> consumer.assign(List.of(P1));

        assertDoesNotThrow(() -> commits.afterBatch(Map.of(P0, new OffsetAndMetadata(50), P1, new OffsetAndMetadata(60)), false));
        consumer.asyncCommitFailure = null;
        commits.finalCommit();

        assertNull(consumer.committedOffset(P0), "no commit for a partition another member owns now (it could move its offset back)");
        assertEquals(60L, consumer.committedOffset(P1), "progress of the partitions still owned is committed later");
    }

    @Test
    void commitFailedExceptionInTheRevocationOrFinalCommitIsLoggedNotThrown() {
        FailingConsumer refusing = new FailingConsumer() {
            @Override
            public void commitSync(Map<TopicPartition, OffsetAndMetadata> offsets, Duration timeout) {
                throw new CommitFailedException("the group has already rebalanced");
            }
        };
        OffsetCommits refused = new OffsetCommits(refusing, new ProcessedOffsets(), TIMEOUT);
        refusing.assign(List.of(P0, P1));
        refused.startedAtStoredOffsets(Map.of(P0, 1L, P1, 2L));

        assertDoesNotThrow(() -> refused.beforeRevocation(List.of(P0)));
        assertDoesNotThrow(refused::finalCommit);
    }
}

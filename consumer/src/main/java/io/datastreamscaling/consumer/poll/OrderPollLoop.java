package io.datastreamscaling.consumer.poll;

import io.datastreamscaling.consumer.deadletter.DeadLetterPublisher;
import io.datastreamscaling.consumer.deadletter.DeadLetterUndeliverableException;
import io.datastreamscaling.consumer.deadletter.DeadLetterUnavailableException;
import io.datastreamscaling.consumer.deadletter.PoisonRecord;
import io.datastreamscaling.consumer.lag.LagReporter;
import io.datastreamscaling.consumer.offsets.OffsetCommits;
import io.datastreamscaling.consumer.offsets.RebalanceHandler;
import io.datastreamscaling.consumer.sink.ConsumedOrder;
import io.datastreamscaling.consumer.sink.FencedPartitionsException;
import io.datastreamscaling.consumer.sink.OrderBatch;
import io.datastreamscaling.consumer.sink.OrderSink;
import io.datastreamscaling.consumer.sink.RejectedOrdersException;
import io.datastreamscaling.consumer.sink.SinkUnavailableException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import org.apache.kafka.clients.consumer.CloseOptions;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.AuthenticationException;
import org.apache.kafka.common.errors.AuthorizationException;
import org.apache.kafka.common.errors.FencedInstanceIdException;
import org.apache.kafka.common.errors.InvalidGroupIdException;
import org.apache.kafka.common.errors.UnsupportedVersionException;
import org.apache.kafka.common.errors.WakeupException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The consumer's one thread: poll, decode, dead-letter the bad records, write the good ones to the
 * sink, then commit exactly what was processed. A large batch is decoded by a helper thread while this
 * thread polls the next one ({@link BatchDecoder}, {@link #settleDecodedAhead}); everything with an
 * effect (dead letters, sink, commits) stays on this thread, in poll order. Three kinds of failure,
 * handled differently:
 * <ol>
 *   <li>retriable (sink or dead-letter topic unavailable): rewind the batch, pause, back off, keep
 *       polling so the group keeps us, resume by ourselves ({@link SinkOutage});</li>
 *   <li>fatal for this client (credentials, ACLs, broker too old, fenced static member, a dead letter
 *       the topic will never take): stop with a clear message; retrying cannot help and spinning
 *       would hide it;</li>
 *   <li>bad data (one record): dead-letter it and move on.</li>
 * </ol>
 *
 * <p>Offsets are committed only through {@link OffsetCommits} (package {@code offsets}).
 */
public final class OrderPollLoop implements Runnable {
    private static final Logger log = LoggerFactory.getLogger(OrderPollLoop.class);
    private static final Duration POLL_TIMEOUT = Duration.ofMillis(200);

    private final org.apache.kafka.clients.consumer.Consumer<byte[], byte[]> consumer;
    private final String topic;
    private final OrderSink sink;
    private final DeadLetterPublisher deadLetters;
    private final OffsetCommits commits;
    private final RebalanceHandler rebalance;
    private final ConsumerMeters meters;
    private final LagReporter lag;
    private final SinkOutage outage;
    private final Duration closeTimeout;
    private final Consumer<String> onFatal;
    private final Clock clock;
    private final BatchDecoder decoder;
    private final ProgressLog progress = new ProgressLog(Duration.ofSeconds(5));
    private final AtomicBoolean closed = new AtomicBoolean();
    private final CountDownLatch finished = new CountDownLatch(1);
    private volatile boolean failed;
    /** A batch polled and being decoded on the helper; nothing of it is written, dead-lettered or committed yet. */
    private DecodedAhead ahead;

    /** A batch whose decoding runs on the helper while this thread polls the next one. */
    private record DecodedAhead(ConsumerRecords<byte[], byte[]> records, BatchDecoder.Decoding decoding) {
    }

    public OrderPollLoop(PollLoopParts parts) {
        this(parts, BatchDecoder.forAvailableProcessors());
    }

    /** With a given decoder: tests pin whether large batches are decoded ahead, whatever the core count. */
    OrderPollLoop(PollLoopParts parts, BatchDecoder decoder) {
        this.decoder = decoder;
        this.consumer = parts.consumer();
        this.topic = parts.topic();
        this.sink = parts.sink();
        this.deadLetters = parts.deadLetters();
        this.commits = parts.commits();
        this.rebalance = parts.rebalance();
        this.meters = parts.meters();
        this.lag = parts.lag();
        this.outage = new SinkOutage(consumer, sink, rebalance, parts.retryBackoff(), parts.retryBackoffMax());
        this.closeTimeout = parts.closeTimeout();
        this.onFatal = parts.onFatal();
        this.clock = parts.clock();
    }

    @Override
    public void run() {
        try {
            consumer.subscribe(List.of(topic), rebalance);
            pollUntilClosed();
            // Closing: the batch decoded ahead is written too, so the final commit covers everything polled.
            finishDecodedAheadBeforeClose();
        } catch (DeadLetterUndeliverableException e) {
            // 2. Fatal: skipping the record would lose it, retrying fails the same way forever. Nothing
            // past it is committed; an operator fixes the limit (see the message) and restarts.
            meters.recordUndeliverable();
            fail("a poison record can never be dead-lettered, stopping without committing past it: " + e.getMessage(), e);
        } catch (AuthorizationException | AuthenticationException | UnsupportedVersionException
                 | InvalidGroupIdException | FencedInstanceIdException e) {
            // 2. Fatal for this client: retrying cannot fix credentials, ACLs, the broker or a duplicate instance id.
            fail("fatal Kafka error, stopping: " + e, e);
        } catch (RuntimeException e) {
            fail("unexpected error in the poll loop, stopping: " + e, e);
        } finally {
            commitProcessedAndClose();
            finished.countDown();
        }
    }

    private void pollUntilClosed() throws DeadLetterUndeliverableException {
        try {
            while (!closed.get()) {
                // With a batch decoded ahead, only collect what is already fetched: that batch waits for this poll.
                ConsumerRecords<byte[], byte[]> records = consumer.poll(ahead == null ? POLL_TIMEOUT : Duration.ZERO);
                if (ahead != null && !settleDecodedAhead(records)) {
                    records = ConsumerRecords.empty();
                }
                if (!outage.paused() && rebalance.hasPartitionsAwaitingStart()) {
                    rewind(records, Map.of());
                    outage.begin("the sink cannot tell where newly assigned partitions start", true);
                } else if (outage.paused()) {
                    rewind(records, Map.of());
                    outage.resumeWhenDue();
                } else if (!records.isEmpty()) {
                    decodeAndProcess(records);
                }
                commits.commitIfDue();
                lag.refreshIfDue();
                progress.logIfDue(meters.processedCount(), meters.deadLetteredCount(), lag::totalLag,
                        consumer.assignment().size(), outage.sinkAvailable());
            }
        } catch (WakeupException e) {
            // close() woke poll() (or the revocation commit inside it) up.
        }
    }

    /** A small batch is decoded and processed now; a large one is decoded ahead while the next poll runs. */
    private void decodeAndProcess(ConsumerRecords<byte[], byte[]> records) throws DeadLetterUndeliverableException {
        // One clock read for the batch's createdAt window, not one per record.
        BatchDecoder.Decoding decoding = decoder.start(records, clock.instant());
        if (decoding.onHelper()) {
            ahead = new DecodedAhead(records, decoding);
            rebalance.mark();
        } else {
            processOrRewind(records, decoding.await(), ConsumerRecords.empty());
        }
    }

    /**
     * Writes the batch decoded ahead, now that the next poll has returned {@code newer}. Returns false if
     * {@code newer} was rewound with it and must not be processed in this round:
     * <ul>
     *   <li>the poll rebalanced: the batch is dropped unwritten (the revocation committed only what was
     *       written before it). Partitions we keep go back to its first record, so {@code newer}, which
     *       follows it, is rewound too; a partition assigned in the poll keeps the start its assignment
     *       set (the sink's stored offset or Kafka's committed one);</li>
     *   <li>writing it failed: it and {@code newer} are rewound, as one batch is without a batch ahead.</li>
     * </ul>
     */
    private boolean settleDecodedAhead(ConsumerRecords<byte[], byte[]> newer) throws DeadLetterUndeliverableException {
        DecodedAhead batch = ahead;
        ahead = null;
        if (rebalance.changedSinceMark()) {
            batch.decoding().abandon();
            rewind(newer, Map.of());
            Map<TopicPartition, Long> starts = firstOffsets(batch.records());
            starts.keySet().removeAll(rebalance.assignedSinceMark());
            starts.keySet().retainAll(consumer.assignment());
            starts.forEach(consumer::seek);
            log.info("partitions moved while a batch of {} records was decoded ahead: dropped unwritten, kept partitions "
                    + "read again from {}", batch.records().count(), starts);
            return false;
        }
        return processOrRewind(batch.records(), batch.decoding().await(), newer);
    }

    /** On close: the batch decoded ahead is written (unless the assignment moved), so the final commit covers it. */
    private void finishDecodedAheadBeforeClose() throws DeadLetterUndeliverableException {
        if (ahead != null) {
            settleDecodedAhead(ConsumerRecords.empty());
        }
    }

    /**
     * Processes one decoded batch. On a retriable or fenced failure, rewinds {@code newer} (polled after
     * it) and then the batch itself, so each partition restarts at the batch's first record (or at the
     * offset the sink stored). Returns whether the batch was written.
     */
    private boolean processOrRewind(ConsumerRecords<byte[], byte[]> records, BatchDecoder.Decoded decoded,
                                    ConsumerRecords<byte[], byte[]> newer) throws DeadLetterUndeliverableException {
        try {
            process(records, decoded, !newer.isEmpty());
            outage.batchProcessed();
            return true;
        } catch (SinkUnavailableException | DeadLetterUnavailableException e) {
            // 1. Retriable: nothing of this batch is committed anywhere. Read it again later.
            rewind(newer, Map.of());
            rewind(records, Map.of());
            outage.begin(e.getMessage(), e instanceof SinkUnavailableException);
        } catch (FencedPartitionsException e) {
            // Someone else wrote these partitions: continue from what they stored, write nothing.
            log.warn("{}; continuing from the stored offsets {}", e.getMessage(), e.storedOffsets());
            rewind(newer, Map.of());
            rewind(records, e.storedOffsets());
            commits.afterFencedBatch(e.storedOffsets());
        }
        return false;
    }

    private void process(ConsumerRecords<byte[], byte[]> records, BatchDecoder.Decoded decoded, boolean moreWaiting)
            throws SinkUnavailableException, DeadLetterUnavailableException, DeadLetterUndeliverableException,
            FencedPartitionsException {
        // 3. Bad data: the records that are no order are set aside; their partitions move on.
        // Acknowledged before any offset past the poison records is stored or committed.
        deadLetters.publish(decoded.poison());
        OrderBatch batch = new OrderBatch(decoded.orders(), nextOffsets(records));
        long start = System.nanoTime();
        Written written = writeSettingAsideRejected(batch);
        long batchNanos = System.nanoTime() - start;
        commits.afterBatch(batch.nextOffsets(), moreWaiting);
        meters.recordProcessed(written.orders(), written.rows(), batchNanos);
    }

    /** The orders a sink wrote and how many rows were new. */
    private record Written(List<ConsumedOrder> orders, int rows) {
    }

    private Written writeSettingAsideRejected(OrderBatch batch) throws SinkUnavailableException,
            DeadLetterUnavailableException, DeadLetterUndeliverableException, FencedPartitionsException {
        while (true) {
            try {
                return new Written(batch.orders(), sink.write(batch));
            } catch (RejectedOrdersException e) {
                // 3. Bad data the sink refuses for good (a value its column cannot hold): dead-letter, write the rest.
                List<PoisonRecord> refused = new ArrayList<>();
                e.rejected().forEach((order, error) -> refused.add(new PoisonRecord(order.source(), error, PoisonRecord.REJECTED_BY_SINK)));
                deadLetters.publish(refused);
                batch = batch.without(e.rejected().keySet());
            }
        }
    }

    /** Seeks each partition of an unprocessed batch back to its first record (or to {@code stored}). */
    private void rewind(ConsumerRecords<byte[], byte[]> records, Map<TopicPartition, Long> stored) {
        firstOffsets(records).forEach((tp, first) -> {
            if (consumer.assignment().contains(tp)) {
                consumer.seek(tp, stored.getOrDefault(tp, first));
            }
        });
    }

    private static Map<TopicPartition, Long> firstOffsets(ConsumerRecords<byte[], byte[]> records) {
        Map<TopicPartition, Long> first = new HashMap<>();
        for (TopicPartition tp : records.partitions()) {
            first.put(tp, records.records(tp).get(0).offset());
        }
        return first;
    }

    private static Map<TopicPartition, OffsetAndMetadata> nextOffsets(ConsumerRecords<byte[], byte[]> records) {
        Map<TopicPartition, OffsetAndMetadata> next = new HashMap<>();
        for (TopicPartition tp : records.partitions()) {
            List<ConsumerRecord<byte[], byte[]>> partition = records.records(tp);
            ConsumerRecord<byte[], byte[]> last = partition.get(partition.size() - 1);
            next.put(tp, new OffsetAndMetadata(last.offset() + 1, last.leaderEpoch(), ""));
        }
        return next;
    }

    private void fail(String message, Exception e) {
        failed = true;
        log.error(message, e);
        onFatal.accept(message);
    }

    private void commitProcessedAndClose() {
        decoder.close();
        if (!failed) {
            commits.finalCommit();
        }
        try {
            consumer.close(CloseOptions.timeout(closeTimeout));
        } catch (KafkaException e) {
            log.warn("consumer close: {}", e.toString());
        }
    }

    /** Stops the loop (from any thread) and returns once the final commit is done or {@code timeout} passed. */
    public void close(Duration timeout) {
        if (closed.compareAndSet(false, true)) {
            consumer.wakeup();
        }
        try {
            if (!finished.await(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                log.warn("poll loop did not finish within {}", timeout);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Blocks until the loop has stopped; 0 after a requested close, 1 after a fatal error. */
    public int awaitTermination() {
        try {
            finished.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 1;
        }
        return failed ? 1 : 0;
    }

    public boolean closeRequested() {
        return closed.get();
    }

    public boolean sinkAvailable() {
        return outage.sinkAvailable();
    }

    public boolean deadLetterAvailable() {
        return outage.deadLetterAvailable();
    }

    public long processedCount() {
        return meters.processedCount();
    }

    public long deadLetteredCount() {
        return meters.deadLetteredCount();
    }
}

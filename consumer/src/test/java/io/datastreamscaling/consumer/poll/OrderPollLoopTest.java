package io.datastreamscaling.consumer.poll;

import static io.datastreamscaling.local.broker.testing.Await.until;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.datastreamscaling.consumer.deadletter.DeadLetterPublisher;
import io.datastreamscaling.consumer.lag.LagReporter;
import io.datastreamscaling.consumer.offsets.OffsetCommits;
import io.datastreamscaling.consumer.offsets.ProcessedOffsets;
import io.datastreamscaling.consumer.offsets.RebalanceHandler;
import io.datastreamscaling.consumer.sink.FencedPartitionsException;
import io.datastreamscaling.consumer.sink.OrderBatch;
import io.datastreamscaling.consumer.sink.OrderSink;
import io.datastreamscaling.shared.metrics.MeterNames;
import io.datastreamscaling.shared.order.Order;
import io.datastreamscaling.shared.order.OrderJson;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.IntStream;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.MockConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.consumer.OffsetCommitCallback;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The poll loop's edge cases on MockConsumer/MockProducer; the broker tests cover the same paths end to end. */
class OrderPollLoopTest {
    private static final String TOPIC = "orders";
    private static final TopicPartition P0 = new TopicPartition(TOPIC, 0);
    private static final TopicPartition P1 = new TopicPartition(TOPIC, 1);
    private static final Duration TIMEOUT = Duration.ofSeconds(10);

    /** Remembers the last offset every commit asked for (MockConsumer forgets them once closed). */
    private static final class RecordingConsumer extends MockConsumer<byte[], byte[]> {
        final Map<TopicPartition, Long> committed = new ConcurrentHashMap<>();

        RecordingConsumer() {
            super("earliest");
        }

        @Override
        public void commitSync(Map<TopicPartition, OffsetAndMetadata> offsets, Duration timeout) {
            offsets.forEach((tp, o) -> committed.put(tp, o.offset()));
            super.commitSync(offsets, timeout);
        }

        @Override
        public synchronized void commitAsync(Map<TopicPartition, OffsetAndMetadata> offsets, OffsetCommitCallback callback) {
            offsets.forEach((tp, o) -> committed.put(tp, o.offset()));
            super.commitAsync(offsets, callback);
        }
    }

    private final RecordingConsumer consumer = new RecordingConsumer();
    private final MockProducer<byte[], byte[]> dlqProducer = new MockProducer<>(false, null, new ByteArraySerializer(), new ByteArraySerializer());
    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final ConsumerMeters meters = new ConsumerMeters(registry);
    private final AtomicReference<String> fatal = new AtomicReference<>();
    private OrderPollLoop loop;
    private Thread thread;

    private void start(OrderSink sink) {
        start(sink, List.of(P0));
    }

    private void start(OrderSink sink, List<TopicPartition> assigned) {
        OffsetCommits commits = new OffsetCommits(consumer, new ProcessedOffsets(), TIMEOUT);
        RebalanceHandler rebalance = new RebalanceHandler(consumer, commits, sink, released -> { });
        DeadLetterPublisher deadLetters = new DeadLetterPublisher(dlqProducer, TOPIC + ".dlq", "g", 1_048_576, meters::recordDeadLettered);
        loop = new OrderPollLoop(new PollLoopParts(consumer, TOPIC, sink, deadLetters, commits, rebalance, meters,
                new LagReporter(consumer, registry, Duration.ofHours(1)), Duration.ofMillis(10), Duration.ofMillis(100),
                TIMEOUT, fatal::set), BatchDecoder.withHelper());
        consumer.schedulePollTask(() -> {
            consumer.rebalance(assigned);
            rebalance.onPartitionsAssigned(assigned);
            assigned.forEach(tp -> {
                consumer.updateBeginningOffsets(Map.of(tp, 0L));
                consumer.updateEndOffsets(Map.of(tp, 0L));
            });
        });
        thread = new Thread(loop, "test-poll-loop");
        thread.start();
    }

    /** Valid orders at offsets {@code fromOffset…}, all returned by one poll (one batch). */
    private void addOrders(long fromOffset, int count) {
        consumer.schedulePollTask(() -> addOrdersNow(P0, fromOffset, count));
    }

    private void addOrdersNow(TopicPartition tp, long fromOffset, int count) {
        for (int i = 0; i < count; i++) {
            consumer.addRecord(record(tp.partition(), fromOffset + i,
                    OrderJson.encode(Order.create("u" + i, new BigDecimal("1.50"), "EUR"))));
        }
    }

    private static ConsumerRecord<byte[], byte[]> record(long offset, byte[] value) {
        return record(0, offset, value);
    }

    private static ConsumerRecord<byte[], byte[]> record(int partition, long offset, byte[] value) {
        return new ConsumerRecord<>(TOPIC, partition, offset, "k".getBytes(StandardCharsets.UTF_8), value);
    }

    /** A sink that remembers "partition@offset" of every order it wrote, in order. */
    private static final class WrittenOffsets implements OrderSink {
        final List<String> written = new CopyOnWriteArrayList<>();

        @Override
        public int write(OrderBatch batch) {
            batch.orders().forEach(o -> written.add(o.partition() + "@" + o.offset()));
            return batch.orders().size();
        }

        @Override
        public void close() {
        }
    }

    private static List<String> offsets(int partition, int from, int count) {
        return IntStream.range(from, from + count).mapToObj(i -> partition + "@" + i).toList();
    }

    /**
     * A batch large enough to be decoded on the helper waits, unwritten, for the next poll. If that poll
     * revokes a partition, its records must not be written by us any more (the revocation committed
     * only what was written before; the new owner reads them), and a partition we keep must be read
     * again from the batch's first record, not from where the poll left it.
     */
    @Test
    void aBatchDecodedAheadIsDroppedWhenTheNextPollMovesPartitionsAndKeptPartitionsAreReadAgainFromItsStart() {
        WrittenOffsets sink = new WrittenOffsets();
        start(sink, List.of(P0, P1));
        int half = BatchDecoder.MIN_SHARED_RECORDS / 2 + 22;
        consumer.schedulePollTask(() -> {
            addOrdersNow(P0, 0, half);
            addOrdersNow(P1, 0, half);
        });
        // The next poll: P1 moves to another member (cooperative: P0 is neither revoked nor assigned).
        consumer.schedulePollTask(() -> consumer.rebalance(List.of(P0)));
        // What the broker would return once the loop seeks P0 back to the batch's start.
        consumer.schedulePollTask(() -> addOrdersNow(P0, 0, half));

        until(TIMEOUT, () -> sink.written.size() >= half, () -> "P0 read again: " + sink.written.size());
        loop.close(TIMEOUT);

        assertEquals(offsets(0, 0, half), sink.written, "P0 once, from its first record; nothing of the revoked P1");
        assertNull(consumer.committed.get(P1), "nothing committed for P1: none of it was written by us");
        assertEquals((long) half, consumer.committed.get(P0));
    }

    /** Stopping while a batch is decoded ahead writes it and commits it: a clean stop leaves nothing to redo. */
    @Test
    void closeWritesTheBatchDecodedAheadBeforeTheFinalCommit() {
        WrittenOffsets sink = new WrittenOffsets();
        start(sink);
        int count = BatchDecoder.MIN_SHARED_RECORDS + 44;
        addOrders(0, count);
        // close()'s wakeup, arriving in the poll right after the batch was handed to the decoder.
        consumer.schedulePollTask(consumer::wakeup);

        assertEquals(0, loop.awaitTermination());
        assertEquals(offsets(0, 0, count), sink.written);
        assertEquals((long) count, consumer.committed.get(P0), "the final commit covers the batch decoded ahead");
    }

    @AfterEach
    void stop() throws InterruptedException {
        if (loop != null) {
            loop.close(TIMEOUT);
            thread.join(TIMEOUT.toMillis());
        }
    }

    @Test
    void afterAFencedBatchTheDatabaseOffsetIsWhatGetsCommittedNotTheLastOneThisConsumerWrote() {
        AtomicInteger writes = new AtomicInteger();
        List<Long> firstOffsetsWritten = new CopyOnWriteArrayList<>();
        start(new OrderSink() {
            @Override
            public int write(OrderBatch batch) throws FencedPartitionsException {
                firstOffsetsWritten.add(batch.orders().get(0).source().offset());
                if (writes.incrementAndGet() == 2) {
                    // Another member wrote P0 up to 40 meanwhile (we are a zombie for a moment).
                    throw new FencedPartitionsException(Map.of(P0, 40L));
                }
                return batch.orders().size();
            }

            @Override
            public void close() {
            }
        });
        addOrders(0, 5);
        until(TIMEOUT, () -> writes.get() == 1, () -> "first batch written: " + writes.get());
        addOrders(5, 5);
        until(TIMEOUT, () -> writes.get() == 2, () -> "second batch fenced: " + writes.get());
        addOrders(40, 1);
        until(TIMEOUT, () -> writes.get() == 3, () -> "continued at the stored offset: " + firstOffsetsWritten);
        assertEquals(List.of(0L, 5L, 40L), firstOffsetsWritten, "continued at the database's offset");

        loop.close(TIMEOUT);

        assertEquals(41L, consumer.committed.get(P0), "committed after the record at the database's offset");
    }

    @Test
    void fencedBatchWithNothingAfterItStillCommitsTheDatabaseOffset() {
        AtomicInteger writes = new AtomicInteger();
        start(new OrderSink() {
            @Override
            public int write(OrderBatch batch) throws FencedPartitionsException {
                if (writes.incrementAndGet() == 2) {
                    throw new FencedPartitionsException(Map.of(P0, 40L));
                }
                return batch.orders().size();
            }

            @Override
            public void close() {
            }
        });
        addOrders(0, 5);
        until(TIMEOUT, () -> writes.get() == 1, () -> "first batch written");
        addOrders(5, 5);
        until(TIMEOUT, () -> writes.get() == 2, () -> "second batch fenced");

        loop.close(TIMEOUT);

        assertEquals(40L, consumer.committed.get(P0), "Kafka follows the database (40), not back to this consumer's 5");
    }

    @Test
    void poisonRecordTheDeadLetterTopicRefusesForGoodStopsTheLoopWithAnAlertAndCommitsNothingPastIt() {
        AtomicInteger written = new AtomicInteger();
        start(new OrderSink() {
            @Override
            public int write(OrderBatch batch) {
                written.addAndGet(batch.orders().size());
                return batch.orders().size();
            }

            @Override
            public void close() {
            }
        });
        addOrders(0, 3);
        until(TIMEOUT, () -> written.get() == 3, () -> "good records written: " + written.get());
        consumer.schedulePollTask(() -> {
            consumer.addRecord(record(3, new byte[] {(byte) 0xff, '{'}));
            consumer.addRecord(record(4, OrderJson.encode(Order.create("u", new BigDecimal("2.00"), "EUR"))));
        });
        until(TIMEOUT, () -> dlqProducer.errorNext(new RecordTooLargeException("MESSAGE_TOO_LARGE")), () -> "a dead letter sent");

        assertEquals(1, loop.awaitTermination(), "the loop stopped on the undeliverable record instead of retrying it forever");
        assertTrue(fatal.get().contains("can never be dead-lettered") && fatal.get().contains(TOPIC + "-0@3"),
                "one clear line naming the record: " + fatal.get());
        assertEquals(1.0, registry.get(MeterNames.ORDERS_CONSUMED).tag("outcome", "undeliverable").counter().count(),
                "the alertable counter");
        assertEquals(3L, consumer.committed.get(P0), "nothing committed past the poison record (offset 3)");
        assertEquals(3, written.get(), "the records after it were not written either");
    }
}

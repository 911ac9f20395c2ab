package io.datastreamscaling.consumer.poll;

import io.datastreamscaling.consumer.deadletter.PoisonRecord;
import io.datastreamscaling.consumer.sink.ConsumedOrder;
import io.datastreamscaling.shared.order.OrderDecodingException;
import io.datastreamscaling.shared.order.OrderJson;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;

/**
 * Decodes the records of one poll into orders and poison records, in the poll's order. Decoding is
 * about a third of the poll thread's time at full speed (docs/benchmarks.md), pure (no effect on Kafka,
 * the sink or the dead-letter topic) and each record decodes on its own: where the machine has a second
 * core, a helper thread decodes a large batch while the poll thread goes back to {@code poll()} for the
 * next one ({@link #start}, then {@link Decoding#await}). Whatever the helper has not reached when the
 * poll thread needs the batch, the poll thread decodes itself: both take the next undecoded chunk until
 * none is left, so a helper that the scheduler wakes late costs nothing.
 *
 * <p>Only decoding moves: the loop still dead-letters, writes and commits each batch on the poll thread,
 * in poll order, so ordering per partition and the commit points are those of a single thread. Small
 * batches (the steady state at modest rates) are decoded inline: waking a thread for them would add to
 * the end-to-end latency what it saves in CPU.
 */
final class BatchDecoder implements AutoCloseable {
    /** From this many records on a batch is shared with the helper. */
    static final int MIN_SHARED_RECORDS = 256;
    /** Records per chunk: few enough claims per batch, enough chunks to even out the two threads. */
    private static final int CHUNK_RECORDS = 64;

    /** Null on a single core: everything is decoded inline. */
    private final ExecutorService helper;

    private BatchDecoder(ExecutorService helper) {
        this.helper = helper;
    }

    /** With a helper thread if this JVM may use more than one core. */
    static BatchDecoder forAvailableProcessors() {
        return Runtime.getRuntime().availableProcessors() > 1 ? withHelper() : inline();
    }

    static BatchDecoder withHelper() {
        return new BatchDecoder(Executors.newSingleThreadExecutor(task -> {
            Thread thread = new Thread(task, "order-decoder");
            thread.setDaemon(true);
            return thread;
        }));
    }

    static BatchDecoder inline() {
        return new BatchDecoder(null);
    }

    /** The decoded orders and the records that are no order, each in the order the poll returned them. */
    record Decoded(List<ConsumedOrder> orders, List<PoisonRecord> poison) {
    }

    /**
     * Starts decoding {@code records} against {@code now}: on the helper thread if the batch is large
     * enough to share ({@link Decoding#onHelper()}), else on this thread before returning.
     */
    Decoding start(ConsumerRecords<byte[], byte[]> records, Instant now) {
        List<ConsumerRecord<byte[], byte[]>> all = new ArrayList<>(records.count());
        records.forEach(all::add);
        Chunks chunks = new Chunks(all, now);
        boolean onHelper = false;
        if (helper != null && all.size() >= MIN_SHARED_RECORDS) {
            try {
                helper.execute(chunks::decodeUntilNoneLeft);
                onHelper = true;
            } catch (RejectedExecutionException closed) {
                // Closed while the loop still runs (shutdown): this thread decodes it all.
            }
        }
        if (!onHelper) {
            chunks.decodeUntilNoneLeft();
        }
        return new Decoding(chunks, onHelper);
    }

    /** One batch being decoded: {@link #await} returns it whole, {@link #abandon} drops it. */
    static final class Decoding {
        private final Chunks chunks;
        private final boolean onHelper;

        private Decoding(Chunks chunks, boolean onHelper) {
            this.chunks = chunks;
            this.onHelper = onHelper;
        }

        /** Whether the helper thread is decoding it (the poll thread is free to poll meanwhile). */
        boolean onHelper() {
            return onHelper;
        }

        /** Decodes what the helper has not reached, waits for the chunk it is on, returns the batch in poll order. */
        Decoded await() {
            chunks.decodeUntilNoneLeft();
            chunks.awaitAll();
            List<ConsumedOrder> orders = new ArrayList<>(chunks.results.length);
            List<PoisonRecord> poison = new ArrayList<>();
            for (Object result : chunks.results) {
                if (result instanceof ConsumedOrder order) {
                    orders.add(order);
                } else {
                    poison.add((PoisonRecord) result);
                }
            }
            return new Decoded(orders, poison);
        }

        /** The batch will not be used (a rebalance made it stale): the helper stops after its current chunk. */
        void abandon() {
            chunks.claimAll();
        }
    }

    /** One record: an order, or bad data set aside with why (3. in the poll loop's failures). */
    private static Object decodeOne(ConsumerRecord<byte[], byte[]> record, Instant now) {
        try {
            return new ConsumedOrder(OrderJson.decode(record.value(), now), record);
        } catch (OrderDecodingException e) {
            return new PoisonRecord(record, e, e.reason());
        }
    }

    /** One batch cut into chunks that either thread claims; results land at their record's index. */
    private static final class Chunks {
        private final List<ConsumerRecord<byte[], byte[]>> records;
        private final Instant now;
        private final Object[] results;
        private final int count;
        private final AtomicInteger next = new AtomicInteger();
        private final CountDownLatch decoded;
        /**
         * An unexpected failure (a bug or an Error, not bad data) on either thread, rethrown on the poll
         * thread: on the helper it would otherwise vanish into the executor and leave a hole in the batch.
         */
        private volatile Throwable failure;

        Chunks(List<ConsumerRecord<byte[], byte[]>> records, Instant now) {
            this.records = records;
            this.now = now;
            this.results = new Object[records.size()];
            this.count = (records.size() + CHUNK_RECORDS - 1) / CHUNK_RECORDS;
            this.decoded = new CountDownLatch(count);
        }

        void decodeUntilNoneLeft() {
            for (int chunk = next.getAndIncrement(); chunk < count; chunk = next.getAndIncrement()) {
                try {
                    int to = Math.min(records.size(), (chunk + 1) * CHUNK_RECORDS);
                    for (int i = chunk * CHUNK_RECORDS; i < to; i++) {
                        results[i] = decodeOne(records.get(i), now);
                    }
                } catch (RuntimeException | Error e) {
                    failure = e;
                } finally {
                    decoded.countDown();
                }
            }
        }

        /** Leaves no chunk to claim: whoever is mid-chunk finishes it, nobody starts another. */
        void claimAll() {
            next.set(count);
        }

        /** Returns once every chunk is decoded (the latch publishes the helper's results to this thread). */
        void awaitAll() {
            boolean interrupted = false;
            while (true) {
                try {
                    decoded.await();
                    break;
                } catch (InterruptedException e) {
                    // The helper is mid-chunk and finishes in microseconds: wait for it, keep the flag.
                    interrupted = true;
                }
            }
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
            if (failure instanceof RuntimeException runtime) {
                throw runtime;
            }
            if (failure instanceof Error error) {
                throw error;
            }
        }
    }

    @Override
    public void close() {
        if (helper != null) {
            helper.shutdownNow();
        }
    }
}

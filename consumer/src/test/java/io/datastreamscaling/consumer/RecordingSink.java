package io.datastreamscaling.consumer;

import io.datastreamscaling.consumer.sink.ConsumedOrder;
import io.datastreamscaling.consumer.sink.FencedPartitionsException;
import io.datastreamscaling.consumer.sink.OrderBatch;
import io.datastreamscaling.consumer.sink.OrderSink;
import io.datastreamscaling.consumer.sink.RejectedOrdersException;
import io.datastreamscaling.consumer.sink.SinkUnavailableException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Wraps a real sink to observe it: which orders were written (in order, duplicates kept), the
 * largest batch, and a gate that holds the loop inside {@code write} once a number of orders is
 * written, so a test can act while a batch is in flight.
 */
final class RecordingSink extends ForwardingSink {
    private final List<UUID> written = new ArrayList<>();
    private final AtomicInteger largestBatch = new AtomicInteger();
    private final CountDownLatch holding = new CountDownLatch(1);
    private final CountDownLatch released = new CountDownLatch(1);
    private volatile int holdWhenWrittenReaches = Integer.MAX_VALUE;
    private volatile long pausePerBatchMillis;

    private final AtomicInteger newRows = new AtomicInteger();
    private final AtomicInteger fenced = new AtomicInteger();

    RecordingSink(OrderSink delegate) {
        super(delegate);
    }

    /** The next batch that starts once {@code count} orders are written waits for {@link #letGo()}. */
    RecordingSink holdOnceWritten(int count) {
        holdWhenWrittenReaches = count;
        return this;
    }

    /** Makes every batch take at least this long: a slow database, so the stream is still running when the test acts. */
    RecordingSink slowedTo(Duration perBatch) {
        pausePerBatchMillis = perBatch.toMillis();
        return this;
    }

    /** Whether a batch is held in {@code write} now. */
    boolean isHolding() {
        return holding.getCount() == 0 && released.getCount() == 1;
    }

    void letGo() {
        released.countDown();
    }

    @Override
    public int write(OrderBatch batch) throws SinkUnavailableException, RejectedOrdersException, FencedPartitionsException {
        if (writtenCount() >= holdWhenWrittenReaches && released.getCount() > 0) {
            holding.countDown();
            try {
                released.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        if (pausePerBatchMillis > 0) {
            try {
                Thread.sleep(pausePerBatchMillis);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        int rows;
        try {
            rows = delegate.write(batch);
        } catch (FencedPartitionsException e) {
            fenced.incrementAndGet();
            throw e;
        }
        newRows.addAndGet(rows);
        synchronized (written) {
            for (ConsumedOrder o : batch.orders()) {
                written.add(o.order().orderId());
            }
        }
        largestBatch.accumulateAndGet(batch.orders().size(), Math::max);
        return rows;
    }

    List<UUID> written() {
        synchronized (written) {
            return List.copyOf(written);
        }
    }

    int writtenCount() {
        synchronized (written) {
            return written.size();
        }
    }

    int largestBatch() {
        return largestBatch.get();
    }

    /** Rows the real sink reported as newly written (re-delivered orders count 0). */
    int newRows() {
        return newRows.get();
    }

    /** Batches the real sink refused because another consumer had moved the partition on. */
    int fencedBatches() {
        return fenced.get();
    }
}

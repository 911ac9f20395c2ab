package io.datastreamscaling.consumer;

import io.datastreamscaling.consumer.sink.ConsumedOrder;
import io.datastreamscaling.consumer.sink.FencedPartitionsException;
import io.datastreamscaling.consumer.sink.OrderBatch;
import io.datastreamscaling.consumer.sink.OrderSink;
import io.datastreamscaling.consumer.sink.RejectedOrdersException;
import io.datastreamscaling.consumer.sink.SinkUnavailableException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.common.TopicPartition;

/**
 * Wraps a real sink to observe it: which orders were written (in order, duplicates kept), the
 * largest batch, and a gate that holds the loop inside {@code write} once a number of orders is
 * written, so a test can act while a batch is in flight.
 */
final class RecordingSink implements OrderSink {
    private final OrderSink delegate;
    private final List<UUID> written = new ArrayList<>();
    private final AtomicInteger largestBatch = new AtomicInteger();
    private final CountDownLatch holding = new CountDownLatch(1);
    private final CountDownLatch released = new CountDownLatch(1);
    private volatile int holdWhenWrittenReaches = Integer.MAX_VALUE;

    RecordingSink(OrderSink delegate) {
        this.delegate = delegate;
    }

    /** The next batch that starts once {@code count} orders are written waits for {@link #letGo()}. */
    RecordingSink holdOnceWritten(int count) {
        holdWhenWrittenReaches = count;
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
        int rows = delegate.write(batch);
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

    @Override
    public Map<TopicPartition, Long> storedOffsets(Collection<TopicPartition> partitions) throws SinkUnavailableException {
        return delegate.storedOffsets(partitions);
    }

    @Override
    public void release(Collection<TopicPartition> partitions) {
        delegate.release(partitions);
    }

    @Override
    public void checkAvailable() throws SinkUnavailableException {
        delegate.checkAvailable();
    }

    @Override
    public void close() {
        delegate.close();
    }
}

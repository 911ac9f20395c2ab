package io.datastreamscaling.consumer;

import io.datastreamscaling.consumer.sink.FencedPartitionsException;
import io.datastreamscaling.consumer.sink.OrderBatch;
import io.datastreamscaling.consumer.sink.OrderSink;
import io.datastreamscaling.consumer.sink.RejectedOrdersException;
import io.datastreamscaling.consumer.sink.SinkUnavailableException;
import java.util.Collection;
import java.util.Map;
import org.apache.kafka.common.TopicPartition;

/** A sink that passes everything to a real one; tests override {@link #write} to observe or interfere. */
abstract class ForwardingSink implements OrderSink {
    protected OrderSink delegate;

    ForwardingSink(OrderSink delegate) {
        this.delegate = delegate;
    }

    /** Points this at the real sink the service built (use as the service's sink decorator). */
    OrderSink wrap(OrderSink real) {
        this.delegate = real;
        return this;
    }

    @Override
    public int write(OrderBatch batch) throws SinkUnavailableException, RejectedOrdersException, FencedPartitionsException {
        return delegate.write(batch);
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

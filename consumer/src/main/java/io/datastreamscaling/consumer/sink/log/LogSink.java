package io.datastreamscaling.consumer.sink.log;

import io.datastreamscaling.consumer.sink.ConsumedOrder;
import io.datastreamscaling.consumer.sink.OrderBatch;
import io.datastreamscaling.consumer.sink.OrderSink;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The embedded demo's sink: an order is "processed" once counted, and logged at debug level only
 * (logging every record at info caps throughput at what the console can print).
 */
public final class LogSink implements OrderSink {
    private static final Logger log = LoggerFactory.getLogger(LogSink.class);

    @Override
    public int write(OrderBatch batch) {
        if (log.isDebugEnabled()) {
            for (ConsumedOrder o : batch.orders()) {
                log.debug("order {} user {} amount {} {} from {}-{}@{}", o.order().orderId(), o.order().userId(),
                        o.order().amount(), o.order().currency(), o.topic(), o.partition(), o.offset());
            }
        }
        return batch.orders().size();
    }

    @Override
    public void close() {
    }
}

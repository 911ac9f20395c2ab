package io.datastreamscaling.streams.topology;

import io.micrometer.core.instrument.Counter;
import java.time.Duration;
import org.apache.kafka.streams.processor.api.FixedKeyProcessor;
import org.apache.kafka.streams.processor.api.FixedKeyProcessorContext;
import org.apache.kafka.streams.processor.api.FixedKeyProcessorSupplier;
import org.apache.kafka.streams.processor.api.FixedKeyRecord;

/**
 * Lets an order into the window aggregation only if its tumbling window is still open (stream time
 * has not passed window end + grace); a late one is counted and left out.
 *
 * <p>The windowed aggregation would drop it anyway, into Kafka Streams' {@code dropped-records}
 * metric; deciding here, with the same rule, gives the decision a name and our own meter, so a
 * dashboard shows how many orders are missing from the revenue figures. The order itself is not lost:
 * it is on {@code orders.enriched} (and in Postgres through the consumer).
 */
final class LateOrderFilter implements FixedKeyProcessorSupplier<String, EnrichedOrder, EnrichedOrder> {
    private final long windowSizeMs;
    private final long graceMs;
    private final Counter lateRecords;

    LateOrderFilter(Duration windowSize, Duration grace, Counter lateRecords) {
        this.windowSizeMs = windowSize.toMillis();
        this.graceMs = grace.toMillis();
        this.lateRecords = lateRecords;
    }

    @Override
    public FixedKeyProcessor<String, EnrichedOrder, EnrichedOrder> get() {
        return new FixedKeyProcessor<>() {
            private FixedKeyProcessorContext<String, EnrichedOrder> context;

            @Override
            public void init(FixedKeyProcessorContext<String, EnrichedOrder> context) {
                this.context = context;
            }

            @Override
            public void process(FixedKeyRecord<String, EnrichedOrder> record) {
                long windowEnd = record.timestamp() - Math.floorMod(record.timestamp(), windowSizeMs) + windowSizeMs;
                // Same rule as the windowed aggregation: the window is closed once stream time
                // reaches end + grace.
                if (windowEnd + graceMs <= context.currentStreamTimeMs()) {
                    lateRecords.increment();
                    return;
                }
                context.forward(record);
            }
        };
    }
}

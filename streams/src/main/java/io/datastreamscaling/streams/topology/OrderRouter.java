package io.datastreamscaling.streams.topology;

import io.datastreamscaling.shared.order.Order;
import io.micrometer.core.instrument.Counter;
import java.math.BigDecimal;
import java.util.List;
import org.apache.kafka.streams.processor.api.FixedKeyProcessor;
import org.apache.kafka.streams.processor.api.FixedKeyProcessorContext;
import org.apache.kafka.streams.processor.api.FixedKeyProcessorSupplier;
import org.apache.kafka.streams.processor.api.FixedKeyRecord;
import org.apache.kafka.streams.processor.api.RecordMetadata;

/**
 * The one node every decoded order goes through before the outputs and aggregates: it asks the
 * {@link OrderGate} (an order refused there goes to the DLQ through the processing exception handler),
 * counts the order ({@code orders_consumed_total{outcome="processed"}}), adds its amount tier and
 * forwards it by name to the children every order goes to, and to the high-value child only if its
 * amount is at or above the high-value threshold.
 *
 * <p>Why one node and not a gate, a {@code mapValues} and a {@code filter}: each node is a forward,
 * a record copy and, at DEBUG, sensors per order (JFR: per-node forwarding was 14 % of the stream thread
 * with about 8 nodes against the pass-through's 2).
 */
final class OrderRouter implements FixedKeyProcessorSupplier<String, Order, EnrichedOrder> {
    private final OrderGate gate;
    private final AmountTiers tiers;
    private final BigDecimal highValueFrom;
    private final Counter processed;
    private final List<String> everyOrderTo;
    private final String highValueTo;

    /**
     * @param everyOrderTo the names of the child nodes every admitted order goes to
     * @param highValueTo  the name of the child node only high-value orders go to
     */
    OrderRouter(OrderGate gate, AmountTiers tiers, BigDecimal highValueFrom, TopologyMeters meters,
                List<String> everyOrderTo, String highValueTo) {
        this.gate = gate;
        this.tiers = tiers;
        this.highValueFrom = highValueFrom;
        this.processed = meters.processed();
        this.everyOrderTo = List.copyOf(everyOrderTo);
        this.highValueTo = highValueTo;
    }

    @Override
    public FixedKeyProcessor<String, Order, EnrichedOrder> get() {
        return new FixedKeyProcessor<>() {
            private FixedKeyProcessorContext<String, EnrichedOrder> context;

            @Override
            public void init(FixedKeyProcessorContext<String, EnrichedOrder> context) {
                this.context = context;
            }

            @Override
            public void process(FixedKeyRecord<String, Order> record) {
                RecordMetadata source = context.recordMetadata().orElseThrow(
                        () -> new IllegalStateException("an order without a source record"));
                Order order = gate.admit(record, source, context.currentSystemTimeMs());
                processed.increment();
                FixedKeyRecord<String, EnrichedOrder> enriched = record.withValue(
                        EnrichedOrder.of(order, tiers.tierOf(order.amount())));
                for (String child : everyOrderTo) {
                    context.forward(enriched, child);
                }
                if (order.amount().compareTo(highValueFrom) >= 0) {
                    context.forward(enriched, highValueTo);
                }
            }
        };
    }
}

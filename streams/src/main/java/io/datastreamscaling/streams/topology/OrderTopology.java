package io.datastreamscaling.streams.topology;

import io.datastreamscaling.shared.kafka.Topics;
import io.datastreamscaling.shared.order.Order;
import io.datastreamscaling.shared.order.OrderDeserializer;
import io.datastreamscaling.shared.order.OrderSerializer;
import java.time.Duration;
import java.util.List;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.Grouped;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Materialized;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.kstream.TimeWindows;
import org.apache.kafka.streams.state.WindowStore;

/**
 * The whole streams topology, top to bottom: validate, enrich and route (one node), and aggregate
 * orders in event-time windows. Every step is named, so internal topics and stores keep their names when the
 * topology changes (a renamed changelog would silently start from empty state).
 */
public final class OrderTopology {
    public static final Duration REVENUE_WINDOW = Duration.ofMinutes(1);
    public static final Duration TIER_WINDOW = Duration.ofMinutes(5);
    public static final Duration TIER_WINDOW_ADVANCE = Duration.ofMinutes(1);
    /** Window store of {@link Revenue} per user and minute ({@link RevenueWindows}); {@code GET /revenue/{userId}} reads it. */
    public static final String REVENUE_STORE = "revenue-per-user-1m";
    /** Window store of order counts per {@link AmountTier}, 5-minute windows every minute. */
    public static final String TIER_COUNT_STORE = "order-count-per-tier-5m";
    /** How often each task passes its pending tier counts on: how far {@code GET /tiers} may lag. */
    public static final Duration TIER_COUNT_INTERVAL = Duration.ofSeconds(1);

    // the nodes the router forwards each order to, by name
    private static final String ENRICHED_SINK = "orders-enriched";
    private static final String HIGH_VALUE_SINK = "orders-high-value";
    private static final String SUM_REVENUE = "sum-revenue";
    private static final String BATCH_TIER_COUNTS = "batch-tier-counts";

    public static final Serde<String> KEY_SERDE = Serdes.String();
    public static final Serde<Order> ORDER_SERDE = Serdes.serdeFrom(new OrderSerializer(), new OrderDeserializer());
    public static final Serde<EnrichedOrder> ENRICHED_SERDE = new EnrichedOrderSerde();
    public static final Serde<Revenue> REVENUE_SERDE = new RevenueSerde();
    public static final Serde<RevenueWindow> REVENUE_WINDOW_SERDE = JsonSerde.of(RevenueWindow.class);

    private OrderTopology() {
    }

    /**
     * @param refused input records whose output the broker refused; the gate dead-letters them
     */
    public static Topology build(TopologySettings settings, TopologyMeters meters, RefusedInputs refused) {
        StreamsBuilder builder = new StreamsBuilder();
        AmountTiers tiers = settings.tiers();

        KStream<String, EnrichedOrder> enriched = builder
                // orders with event time = createdAt; undecodable or invalid bytes stop at the
                // deserializer and go to the DLQ (OrderDeserializationHandler)
                .stream(settings.inputTopic(), Consumed.with(KEY_SERDE, ORDER_SERDE)
                        .withTimestampExtractor(new OrderTimestampExtractor(settings.eventTimes())).withName("orders"))
                // one node: reject tombstones, orders not keyed by their user (they would be summed into
                // another user's windows), unusable createdAt and records whose output the broker refused
                // (DLQ through InvalidOrderProcessingHandler); count the rest, add the amount tier and
                // forward each to the nodes below by name, to the high-value sink only if it is large
                .processValues(new OrderRouter(new OrderGate(settings.eventTimes(), refused), tiers, settings.highValueFrom(),
                        meters, List.of(ENRICHED_SINK, SUM_REVENUE, BATCH_TIER_COUNTS), HIGH_VALUE_SINK), Named.as("validate"));

        // every valid order, with its tier, for readers that want the tier
        enriched.to(Topics.ORDERS_ENRICHED, Produced.with(KEY_SERDE, ENRICHED_SERDE).withName(ENRICHED_SINK));

        // large orders also to their own topic, for whoever must look at them quickly
        enriched.to(Topics.ORDERS_HIGH_VALUE, Produced.with(KEY_SERDE, ENRICHED_SERDE).withName(HIGH_VALUE_SINK));

        enriched
                // already keyed by user, like the input: no repartition topic. Sums each order into its
                // user's 1-minute window (a late one is counted and left out) and forwards each window's
                // one final result when stream time closes it, instead of an update per order
                .process(new RevenueWindows(REVENUE_WINDOW, settings.windowGrace(), settings.revenueRetention(), meters),
                        Named.as(SUM_REVENUE))
                // keyed by plain userId on the topic, so readers need no windowed-key serde
                .to(Topics.REVENUE_PER_USER_1M, Produced.with(KEY_SERDE, REVENUE_WINDOW_SERDE).withName("revenue-per-user-1m"));

        enriched
                // count per tier and event-time minute within this partition first, and pass on only
                // those counts, once a second: not a repartition write and read per order
                .process(new TierCountBatcher(TIER_COUNT_INTERVAL, TIER_WINDOW_ADVANCE), Named.as(BATCH_TIER_COUNTS))
                // now keyed by tier: only three keys, so this repartition topic has at most three busy
                // partitions; acceptable for a few counts a second, and why orders are keyed by user
                .groupByKey(Grouped.with("by-tier", KEY_SERDE, TierCountBatcher.COUNT_SERDE))
                .windowedBy(TimeWindows.ofSizeAndGrace(TIER_WINDOW, settings.windowGrace()).advanceBy(TIER_WINDOW_ADVANCE))
                // the sum of the counts is the number of orders, as a count of each order was
                .reduce(Long::sum, Named.as("count-per-tier"),
                        Materialized.<String, Long, WindowStore<Bytes, byte[]>>as(TIER_COUNT_STORE)
                                .withKeySerde(KEY_SERDE)
                                .withValueSerde(Serdes.Long()));

        return builder.build();
    }
}

package io.datastreamscaling.streams.topology;

import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.LongSerializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.ProcessorSupplier;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.StoreBuilder;
import org.apache.kafka.streams.state.Stores;

/**
 * Counts this task's orders per tier and event-time minute and, once per {@code interval} of wall-clock
 * time, forwards each count (key: the tier, value: the count, timestamp: the minute's start) and
 * clears it. The by-tier repartition topic then carries a few counts a second instead of every order.
 *
 * <p>Why a minute: the tier windows advance by a minute and start on whole minutes, so every instant
 * of one minute lies in the same windows; a count stamped with the minute's start is added to exactly
 * the windows each of its orders would have been added to.
 *
 * <p>Exactly once: the pending counts live in a changelogged store ({@value #STORE}), so a count, the
 * forwarding that clears it and the input offsets of its orders commit in the same transactions; a
 * crash replays from the last commit with the store restored to match it. The store is cached, so its
 * changelog gets the few dirty counts once per commit, not a write per order. The counts are mirrored
 * in memory (rebuilt from the store in {@code init}, which Kafka Streams calls again after a restore
 * or an aborted transaction), so an order costs one store put, not a key built, a get and a put.
 */
final class TierCountBatcher implements ProcessorSupplier<String, EnrichedOrder, String, Long> {
    /** The counts not yet forwarded, per {@code TIER@minuteStartMillis}. */
    static final String STORE = "tier-counts-pending";
    /**
     * The value serde of the by-tier repartition topic: a count as 8 bytes. A record of the earlier
     * topology, which sent each enriched order (JSON) through that topic, counts as one order, so
     * records left on the topic across an upgrade are neither lost nor dead-lettered.
     */
    static final Serde<Long> COUNT_SERDE = Serdes.serdeFrom(new LongSerializer(), countDeserializer());
    private static final AmountTier[] TIERS = AmountTier.values();

    private final Duration interval;
    private final long minuteMs;

    /**
     * @param interval how often the pending counts are forwarded (how far {@code GET /tiers} may lag)
     * @param minute   the advance of the tier windows
     */
    TierCountBatcher(Duration interval, Duration minute) {
        this.interval = interval;
        this.minuteMs = minute.toMillis();
    }

    @Override
    public Set<StoreBuilder<?>> stores() {
        return Set.of(Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore(STORE), Serdes.String(), Serdes.Long())
                .withCachingEnabled());
    }

    @Override
    public Processor<String, EnrichedOrder, String, Long> get() {
        return new Processor<>() {
            private ProcessorContext<String, Long> context;
            private KeyValueStore<String, Long> pending;
            /** The store's content, by minute start: what each order adds to, without a store read. */
            private final Map<Long, MinuteCounts> counts = new HashMap<>();
            /** The minute the last order fell in: consecutive orders mostly share it. */
            private MinuteCounts lastMinute;

            @Override
            public void init(ProcessorContext<String, Long> context) {
                this.context = context;
                this.pending = context.getStateStore(STORE);
                // Also called after a restore or an aborted transaction: the store, not what this
                // instance held before, is what the committed offsets match.
                counts.clear();
                lastMinute = null;
                try (KeyValueIterator<String, Long> all = pending.all()) {
                    all.forEachRemaining(count -> {
                        int at = count.key.indexOf('@');
                        long minuteStart = Long.parseLong(count.key.substring(at + 1));
                        minute(minuteStart).counts[AmountTier.valueOf(count.key.substring(0, at)).ordinal()] = count.value;
                    });
                }
                context.schedule(interval, PunctuationType.WALL_CLOCK_TIME, now -> forwardPending());
            }

            @Override
            public void process(Record<String, EnrichedOrder> record) {
                long minuteStart = record.timestamp() - Math.floorMod(record.timestamp(), minuteMs);
                MinuteCounts minute = lastMinute != null && lastMinute.start == minuteStart ? lastMinute : minute(minuteStart);
                lastMinute = minute;
                int tier = record.value().tier().ordinal();
                // the store gets the same put per order as before: it alone holds the counts of the
                // orders a commit covers, as the store is all a restarted task gets back
                pending.put(minute.keys[tier], ++minute.counts[tier]);
            }

            private MinuteCounts minute(long minuteStart) {
                return counts.computeIfAbsent(minuteStart, MinuteCounts::new);
            }

            private void forwardPending() {
                for (MinuteCounts minute : counts.values()) {
                    for (AmountTier tier : TIERS) {
                        long count = minute.counts[tier.ordinal()];
                        if (count > 0) {
                            context.forward(new Record<>(tier.name(), count, minute.start));
                            pending.delete(minute.keys[tier.ordinal()]);
                        }
                    }
                }
                counts.clear();
                lastMinute = null;
            }
        };
    }

    /** One minute's pending counts per tier, with their store keys built once. */
    private static final class MinuteCounts {
        final long start;
        final long[] counts = new long[TIERS.length];
        final String[] keys = new String[TIERS.length];

        MinuteCounts(long start) {
            this.start = start;
            for (AmountTier tier : TIERS) {
                keys[tier.ordinal()] = tier.name() + "@" + start;
            }
        }
    }

    private static Deserializer<Long> countDeserializer() {
        return (topic, bytes) -> {
            if (bytes == null) {
                return null;
            }
            return bytes.length == Long.BYTES ? ByteBuffer.wrap(bytes).getLong() : 1L;
        };
    }
}

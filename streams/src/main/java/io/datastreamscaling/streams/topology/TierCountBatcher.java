package io.datastreamscaling.streams.topology;

import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.LongSerializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KeyValue;
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
 * changelog gets the few dirty counts once per commit, not a write per order.
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

            @Override
            public void init(ProcessorContext<String, Long> context) {
                this.context = context;
                this.pending = context.getStateStore(STORE);
                context.schedule(interval, PunctuationType.WALL_CLOCK_TIME, now -> forwardPending());
            }

            @Override
            public void process(Record<String, EnrichedOrder> record) {
                long minuteStart = record.timestamp() - Math.floorMod(record.timestamp(), minuteMs);
                String key = record.value().tier().name() + "@" + minuteStart;
                Long counted = pending.get(key);
                pending.put(key, counted == null ? 1L : counted + 1);
            }

            private void forwardPending() {
                List<KeyValue<String, Long>> counts = new ArrayList<>();
                try (KeyValueIterator<String, Long> all = pending.all()) {
                    all.forEachRemaining(counts::add);
                }
                for (KeyValue<String, Long> count : counts) {
                    int at = count.key.indexOf('@');
                    context.forward(new Record<>(count.key.substring(0, at), count.value, Long.parseLong(count.key.substring(at + 1))));
                    pending.delete(count.key);
                }
            }
        };
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

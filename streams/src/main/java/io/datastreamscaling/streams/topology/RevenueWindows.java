package io.datastreamscaling.streams.topology;

import io.micrometer.core.instrument.Counter;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Set;
import java.util.TreeMap;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.kstream.Windowed;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.ProcessorSupplier;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.StoreBuilder;
import org.apache.kafka.streams.state.Stores;
import org.apache.kafka.streams.state.TimestampedWindowStore;
import org.apache.kafka.streams.state.ValueAndTimestamp;

/**
 * Revenue per user in tumbling event-time windows, each window's one final result forwarded when it
 * closes: what the DSL's {@code windowedBy(...).emitStrategy(onWindowClose()).aggregate(...)} did, at a
 * fraction of its cost per order (JFR: the DSL's fetch through its time-ordered store, the put and the
 * scan for closed windows were 27 % of the stream thread).
 *
 * <p>The rule is the DSL's: a window {@code [start, end)} is <em>closed</em> once stream time (the
 * task's highest event time so far, not the wall clock) reaches {@code end + grace}. An order whose
 * window is closed is counted ({@code streams_late_records_total}) and left out: the sum was, or is
 * being, emitted without it; the order itself is still on {@code orders.enriched}. The windows a record
 * closes are forwarded while that record is processed, in window-start then user order, each with the
 * window's latest order time as timestamp and the closing record's headers (its lineage).
 *
 * <p>State: the window store {@value OrderTopology#REVENUE_STORE} (the DSL's kind and changelog format:
 * a timestamped window store, so its changelog and {@code GET /revenue} stay as they were), kept for the
 * revenue retention and dropped segment by segment after it, as the DSL's was; and, per task, the start
 * of the first window not yet emitted ({@value #CLOSED_STORE}). The sums of the open windows are also
 * held in memory, so an order costs a map lookup and a store put instead of a store fetch and put; the
 * map is rebuilt from the store in {@link Processor#init}, which Kafka Streams calls after restoring the
 * store, also when it re-initialises a task after an aborted transaction. It holds only open windows,
 * so it is bounded by the users active within one window plus grace.
 *
 * <p>Exactly once: the store updates, the emitted windows and the new first-open start are written by
 * the processing of the same record, so they commit in the same transaction as its offset; after a
 * crash the store and that start are restored to the last commit and the orders after it replayed, so a
 * window is emitted once, and a restart never re-emits a window emitted before it.
 */
final class RevenueWindows implements ProcessorSupplier<String, EnrichedOrder, String, RevenueWindow> {
    /** Per task: the start of the first window not yet emitted (earlier ones are all out). */
    static final String CLOSED_STORE = "revenue-per-user-1m-first-open";
    private static final String FIRST_OPEN = "first-open-window-start";

    private final long sizeMs;
    private final long graceMs;
    private final Duration retention;
    private final Counter lateRecords;
    private final Counter windowsEmitted;

    RevenueWindows(Duration size, Duration grace, Duration retention, TopologyMeters meters) {
        this.sizeMs = size.toMillis();
        this.graceMs = grace.toMillis();
        this.retention = retention;
        this.lateRecords = meters.lateRecords();
        this.windowsEmitted = meters.windowsEmitted();
    }

    @Override
    public Set<StoreBuilder<?>> stores() {
        return Set.of(
                Stores.timestampedWindowStoreBuilder(
                                Stores.persistentTimestampedWindowStore(OrderTopology.REVENUE_STORE, retention,
                                        Duration.ofMillis(sizeMs), false),
                                OrderTopology.KEY_SERDE, OrderTopology.REVENUE_SERDE)
                        // puts reach RocksDB and the changelog once per commit, not once per order
                        .withCachingEnabled(),
                Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore(CLOSED_STORE), Serdes.String(), Serdes.Long()));
    }

    /**
     * The start of the first window still open at this stream time. A window closes when stream time
     * reaches its end plus grace, so the windows ending at or before {@code streamTime - grace} are
     * closed, and the one containing that instant is the first open one.
     */
    long firstOpenStart(long streamTime) {
        long closedUpTo = streamTime - graceMs;
        return closedUpTo - Math.floorMod(closedUpTo, sizeMs);
    }

    @Override
    public Processor<String, EnrichedOrder, String, RevenueWindow> get() {
        return new Processor<>() {
            private ProcessorContext<String, RevenueWindow> context;
            private TimestampedWindowStore<String, Revenue> windows;
            private KeyValueStore<String, Long> closed;
            /** The open windows' sums by window start and user: a copy of the store's open part. */
            private final NavigableMap<Long, Map<String, ValueAndTimestamp<Revenue>>> open = new TreeMap<>();
            private long firstOpen;

            @Override
            public void init(ProcessorContext<String, RevenueWindow> context) {
                this.context = context;
                this.windows = context.getStateStore(OrderTopology.REVENUE_STORE);
                this.closed = context.getStateStore(CLOSED_STORE);
                Long stored = closed.get(FIRST_OPEN);
                // None stored: a new task (empty store), or a store written by the DSL aggregate of an
                // earlier version, which emitted up to the stream time restored with the offsets.
                firstOpen = stored != null ? stored : firstOpenStart(context.currentStreamTimeMs());
                open.clear();
                try (KeyValueIterator<Windowed<String>, ValueAndTimestamp<Revenue>> stillOpen = windows.fetchAll(
                        Instant.ofEpochMilli(Math.max(0, firstOpen)), Instant.ofEpochMilli(Long.MAX_VALUE))) {
                    while (stillOpen.hasNext()) {
                        KeyValue<Windowed<String>, ValueAndTimestamp<Revenue>> window = stillOpen.next();
                        open.computeIfAbsent(window.key.window().start(), start -> new HashMap<>())
                                .put(window.key.key(), window.value);
                    }
                }
            }

            @Override
            public void process(Record<String, EnrichedOrder> record) {
                // stream time already includes this record's event time, as the DSL's rule did
                long nowFirstOpen = firstOpenStart(context.currentStreamTimeMs());
                long start = record.timestamp() - Math.floorMod(record.timestamp(), sizeMs);
                if (start < nowFirstOpen) {
                    lateRecords.increment();
                } else {
                    add(record, start);
                }
                if (nowFirstOpen > firstOpen) {
                    emitWindowsBefore(nowFirstOpen, record);
                }
            }

            private void add(Record<String, EnrichedOrder> record, long start) {
                Map<String, ValueAndTimestamp<Revenue>> users = open.computeIfAbsent(start, s -> new HashMap<>());
                ValueAndTimestamp<Revenue> before = users.get(record.key());
                ValueAndTimestamp<Revenue> after = before == null
                        ? ValueAndTimestamp.make(Revenue.NONE.add(record.value().amount()), record.timestamp())
                        : ValueAndTimestamp.make(before.value().add(record.value().amount()),
                                Math.max(before.timestamp(), record.timestamp()));
                users.put(record.key(), after);
                windows.put(record.key(), after, start);
            }

            private void emitWindowsBefore(long nowFirstOpen, Record<String, EnrichedOrder> closing) {
                NavigableMap<Long, Map<String, ValueAndTimestamp<Revenue>>> closedNow = open.headMap(nowFirstOpen, false);
                for (Map.Entry<Long, Map<String, ValueAndTimestamp<Revenue>>> window : closedNow.entrySet()) {
                    Instant start = Instant.ofEpochMilli(window.getKey());
                    Instant end = start.plusMillis(sizeMs);
                    List<String> users = new ArrayList<>(window.getValue().keySet());
                    users.sort(null);
                    for (String user : users) {
                        ValueAndTimestamp<Revenue> sum = window.getValue().get(user);
                        context.forward(new Record<>(user,
                                new RevenueWindow(user, start, end, sum.value().revenue(), sum.value().orders()),
                                sum.timestamp(), closing.headers()));
                        windowsEmitted.increment();
                    }
                }
                closedNow.clear();
                firstOpen = nowFirstOpen;
                closed.put(FIRST_OPEN, nowFirstOpen);
            }
        };
    }
}

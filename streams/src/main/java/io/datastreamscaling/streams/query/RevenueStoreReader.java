package io.datastreamscaling.streams.query;

import io.datastreamscaling.streams.topology.OrderTopology;
import io.datastreamscaling.streams.topology.Revenue;
import io.datastreamscaling.streams.topology.RevenueWindow;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.StoreQueryParameters;
import org.apache.kafka.streams.state.QueryableStoreTypes;
import org.apache.kafka.streams.state.ReadOnlyWindowStore;
import org.apache.kafka.streams.state.WindowStoreIterator;

/** Reads one user's windows from this instance's revenue window store. */
final class RevenueStoreReader {
    private static final Instant END_OF_TIME = Instant.ofEpochMilli(Long.MAX_VALUE);
    private final KafkaStreams streams;

    RevenueStoreReader(KafkaStreams streams) {
        this.streams = streams;
    }

    /**
     * The user's windows starting in the range, oldest first, or empty if the store holds no
     * window at all for the user (within its retention): an unknown user, not a quiet hour.
     *
     * @throws org.apache.kafka.streams.errors.InvalidStateStoreException while the store is migrating
     */
    Optional<List<RevenueWindow>> windows(String userId, TimeRange range) {
        ReadOnlyWindowStore<String, Revenue> store = streams.store(StoreQueryParameters
                .fromNameAndType(OrderTopology.REVENUE_STORE, QueryableStoreTypes.<String, Revenue>windowStore()));
        boolean known = false;
        List<RevenueWindow> windows = new ArrayList<>();
        // One scan over the user's retained windows answers both "known?" and "which in range?";
        // a user has at most one window per minute of retention.
        try (WindowStoreIterator<Revenue> all = store.fetch(userId, Instant.EPOCH, END_OF_TIME)) {
            while (all.hasNext()) {
                KeyValue<Long, Revenue> window = all.next();
                known = true;
                Instant start = Instant.ofEpochMilli(window.key);
                if (range.contains(start)) {
                    windows.add(new RevenueWindow(userId, start, start.plus(OrderTopology.REVENUE_WINDOW),
                            window.value.revenue(), window.value.orders()));
                }
            }
        }
        return known ? Optional.of(windows) : Optional.empty();
    }
}

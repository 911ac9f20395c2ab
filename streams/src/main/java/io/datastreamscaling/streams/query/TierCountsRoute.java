package io.datastreamscaling.streams.query;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectReader;
import com.sun.net.httpserver.HttpExchange;
import io.datastreamscaling.shared.http.HttpExchanges;
import io.datastreamscaling.shared.http.Route;
import io.datastreamscaling.shared.order.OrderJson;
import io.datastreamscaling.streams.topology.AmountTier;
import io.datastreamscaling.streams.topology.OrderTopology;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.KeyQueryMetadata;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.StoreQueryParameters;
import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.apache.kafka.streams.state.HostInfo;
import org.apache.kafka.streams.state.QueryableStoreTypes;
import org.apache.kafka.streams.state.ReadOnlyWindowStore;
import org.apache.kafka.streams.state.WindowStoreIterator;

/**
 * {@code GET /tiers?from=&to=[&tier=]}: order counts per amount tier in 5-minute windows advancing
 * every minute (hopping), for windows starting in {@code [from, to]} (default: the last hour).
 *
 * <p>The counts are keyed by tier, so each tier's windows live on exactly one instance (whichever
 * owns that key's partition of the by-tier repartition topic). Any instance answers for all tiers: it
 * reads the tiers it owns from its local store and asks the owners of the others ({@code
 * application.server} metadata), so the answer is the same on every instance. {@code servedBy} says
 * which instance answered for each tier. A window is counted as orders arrive, not emitted on close:
 * the newest windows are still filling. 503 while this instance or a tier's owner is not RUNNING or
 * ownership is moving, 502 when an owner does not answer, 400 for bad parameters.
 */
public final class TierCountsRoute implements Route {
    public static final String PATH = "/tiers";
    private static final ObjectReader COUNTS = OrderJson.mapper().readerForListOf(TierCount.class);

    private final KafkaStreams streams;
    private final HostInfo self;
    private final OwnerForwarder forwarder;
    private final Clock clock;

    public TierCountsRoute(KafkaStreams streams, HostInfo self, Clock clock) {
        this.streams = streams;
        this.self = self;
        this.forwarder = new OwnerForwarder(self);
        this.clock = clock;
    }

    @Override
    public void handle(HttpExchange exchange) throws IOException {
        Map<String, String> query = TimeRange.queryParameters(exchange.getRequestURI().getRawQuery());
        TimeRange range;
        List<AmountTier> tiers;
        try {
            range = TimeRange.parse(query, clock);
            tiers = tiers(query.get("tier"));
        } catch (IllegalArgumentException e) {
            HttpExchanges.sendError(exchange, 400, e.getMessage());
            return;
        }
        if (QueryGuards.refusedUnlessRunning(streams, exchange)) {
            return;
        }
        Map<AmountTier, List<TierCount>> counts = new EnumMap<>(AmountTier.class);
        Map<AmountTier, String> servedBy = new EnumMap<>(AmountTier.class);
        for (AmountTier tier : tiers) {
            KeyQueryMetadata owner = streams.queryMetadataForKey(OrderTopology.TIER_COUNT_STORE, tier.name(),
                    OrderTopology.KEY_SERDE.serializer());
            try {
                if (owner == null || owner.equals(KeyQueryMetadata.NOT_AVAILABLE)) {
                    throw new Unavailable(503, "no instance owns tier " + tier + " yet: try again shortly");
                }
                counts.put(tier, owner.activeHost().equals(self) ? local(tier, range) : remote(exchange, tier, range, owner.activeHost()));
                servedBy.put(tier, OwnerForwarder.address(owner.activeHost()));
            } catch (Unavailable e) {
                HttpExchanges.sendError(exchange, e.status, e.getMessage());
                return;
            }
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("from", range.from());
        body.put("to", range.to());
        body.put("windowSize", OrderTopology.TIER_WINDOW.toString());
        body.put("advanceBy", OrderTopology.TIER_WINDOW_ADVANCE.toString());
        body.put("tiers", counts);
        body.put("servedBy", servedBy);
        HttpExchanges.sendJson(exchange, 200, body);
    }

    private static List<AmountTier> tiers(String tier) {
        if (tier == null || tier.isEmpty()) {
            return List.of(AmountTier.values());
        }
        try {
            return List.of(AmountTier.valueOf(tier.toUpperCase(Locale.ROOT)));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("tier must be one of " + List.of(AmountTier.values()) + ", was " + tier);
        }
    }

    private List<TierCount> local(AmountTier tier, TimeRange range) throws Unavailable {
        List<TierCount> windows = new ArrayList<>();
        try {
            ReadOnlyWindowStore<String, Long> store = streams.store(StoreQueryParameters.fromNameAndType(
                    OrderTopology.TIER_COUNT_STORE, QueryableStoreTypes.<String, Long>windowStore()));
            try (WindowStoreIterator<Long> it = store.fetch(tier.name(), range.from(), range.to())) {
                while (it.hasNext()) {
                    KeyValue<Long, Long> window = it.next();
                    Instant start = Instant.ofEpochMilli(window.key);
                    windows.add(new TierCount(start, start.plus(OrderTopology.TIER_WINDOW), window.value));
                }
            }
        } catch (InvalidStateStoreException e) {
            throw new Unavailable(503, "the tier count store is not queryable right now: try again shortly");
        }
        return windows;
    }

    private List<TierCount> remote(HttpExchange exchange, AmountTier tier, TimeRange range, HostInfo owner) throws Unavailable {
        if (OwnerForwarder.wasForwarded(exchange)) {
            // see RevenueRoute: the asking instance thinks we own the tier, we think not: a rebalance
            throw new Unavailable(503, "ownership of tier " + tier + " is moving: try again shortly");
        }
        try {
            HttpResponse<byte[]> answer = forwarder.get(owner, PATH + "?tier=" + tier + "&" + range.asQuery());
            if (answer.statusCode() != 200) {
                throw new Unavailable(answer.statusCode() >= 500 ? answer.statusCode() : 502,
                        OwnerForwarder.address(owner) + " answered " + answer.statusCode() + " for tier " + tier);
            }
            JsonNode windows = OrderJson.mapper().readTree(answer.body()).path("tiers").path(tier.name());
            return COUNTS.readValue(windows);
        } catch (IOException e) {
            throw new Unavailable(502, "the instance owning tier " + tier + " (" + OwnerForwarder.address(owner)
                    + ") did not answer: " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new Unavailable(503, "interrupted while asking " + OwnerForwarder.address(owner));
        }
    }

    /** Why one tier cannot be answered: the whole answer is then that status, never a partial one. */
    private static final class Unavailable extends Exception {
        private static final long serialVersionUID = 1L;
        private final int status;

        Unavailable(int status, String message) {
            super(message, null, false, false);
            this.status = status;
        }
    }
}

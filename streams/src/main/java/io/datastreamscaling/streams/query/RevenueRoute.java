package io.datastreamscaling.streams.query;

import com.sun.net.httpserver.HttpExchange;
import io.datastreamscaling.shared.http.HttpExchanges;
import io.datastreamscaling.shared.http.Route;
import io.datastreamscaling.streams.topology.OrderTopology;
import io.datastreamscaling.streams.topology.RevenueWindow;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.KeyQueryMetadata;
import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.apache.kafka.streams.state.HostInfo;

/**
 * {@code GET /revenue/{userId}?from=&to=}: the user's revenue windows from the window store.
 *
 * <p>A user's windows live on the instance that owns the user's partition. Kafka Streams tells every
 * instance where each key lives ({@code application.server} in the group metadata); when it is
 * another instance, this one forwards the request there and relays the answer, so a client can ask
 * any instance behind a load balancer. 404 when no window of the user is retained, 400 for bad
 * parameters, 503 while the instance is not RUNNING (rebalancing, restoring): the store may be
 * incomplete or moving, and an answer from it could be wrong rather than late.
 */
public final class RevenueRoute implements Route {
    private final KafkaStreams streams;
    private final HostInfo self;
    private final RevenueStoreReader reader;
    private final OwnerForwarder forwarder;
    private final Clock clock;

    public RevenueRoute(KafkaStreams streams, HostInfo self, Clock clock) {
        this.streams = streams;
        this.self = self;
        this.reader = new RevenueStoreReader(streams);
        this.forwarder = new OwnerForwarder(self);
        this.clock = clock;
    }

    public static String path() {
        return RevenueRequest.PATH;
    }

    @Override
    public void handle(HttpExchange exchange) throws IOException {
        RevenueRequest request;
        try {
            request = RevenueRequest.parse(exchange.getRequestURI(), clock);
        } catch (IllegalArgumentException e) {
            HttpExchanges.sendError(exchange, 400, e.getMessage());
            return;
        }
        if (QueryGuards.refusedUnlessRunning(streams, exchange)) {
            return;
        }
        KeyQueryMetadata owner = streams.queryMetadataForKey(OrderTopology.REVENUE_STORE, request.userId(),
                OrderTopology.KEY_SERDE.serializer());
        if (owner == null || owner.equals(KeyQueryMetadata.NOT_AVAILABLE)) {
            HttpExchanges.sendError(exchange, 503, "no instance owns the user's partition yet: try again shortly");
            return;
        }
        if (owner.activeHost().equals(self)) {
            answerLocally(exchange, request);
        } else if (OwnerForwarder.wasForwarded(exchange)) {
            // The forwarding instance thought we own the user, we think someone else does: metadata
            // is in flux (a rebalance); forwarding again could loop.
            HttpExchanges.sendError(exchange, 503, "ownership of the user is moving: try again shortly");
        } else {
            relay(exchange, request, owner.activeHost());
        }
    }

    private void answerLocally(HttpExchange exchange, RevenueRequest request) throws IOException {
        Optional<List<RevenueWindow>> windows;
        try {
            windows = reader.windows(request.userId(), request.range());
        } catch (InvalidStateStoreException e) {
            HttpExchanges.sendError(exchange, 503, "the revenue store is not queryable right now: try again shortly");
            return;
        }
        if (windows.isEmpty()) {
            HttpExchanges.sendError(exchange, 404, "no revenue recorded for user " + request.userId());
            return;
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("userId", request.userId());
        body.put("from", request.range().from());
        body.put("to", request.range().to());
        body.put("servedBy", OwnerForwarder.address(self));
        body.put("windows", windows.get());
        HttpExchanges.sendJson(exchange, 200, body);
    }

    private void relay(HttpExchange exchange, RevenueRequest request, HostInfo owner) throws IOException {
        try {
            HttpResponse<byte[]> answer = forwarder.get(owner, request.pathAndQuery());
            String contentType = answer.headers().firstValue("Content-Type").orElse("application/json");
            HttpExchanges.send(exchange, answer.statusCode(), contentType, answer.body());
        } catch (IOException e) {
            HttpExchanges.sendError(exchange, 502, "the instance owning the user (" + OwnerForwarder.address(owner)
                    + ") did not answer: " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            HttpExchanges.sendError(exchange, 503, "interrupted while asking " + OwnerForwarder.address(owner));
        }
    }
}

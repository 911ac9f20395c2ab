package io.datastreamscaling.streams.query;

import com.sun.net.httpserver.HttpExchange;
import io.datastreamscaling.shared.http.HttpExchanges;
import java.io.IOException;
import org.apache.kafka.streams.KafkaStreams;

/** The answers every query route gives before it reads a store. */
final class QueryGuards {
    private QueryGuards() {
    }

    /**
     * Answers 503 (with Retry-After) unless Kafka Streams is RUNNING: while it rebalances or restores,
     * a store may be incomplete or moving, and an answer from it could be wrong rather than late.
     *
     * @return true if it answered, so the caller stops
     */
    static boolean refusedUnlessRunning(KafkaStreams streams, HttpExchange exchange) throws IOException {
        if (streams.state() == KafkaStreams.State.RUNNING) {
            return false;
        }
        exchange.getResponseHeaders().set("Retry-After", "1");
        HttpExchanges.sendError(exchange, 503, "streams is " + streams.state() + ", not RUNNING: try again shortly");
        return true;
    }
}

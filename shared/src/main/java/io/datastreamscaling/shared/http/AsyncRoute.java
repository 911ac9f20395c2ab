package io.datastreamscaling.shared.http;

import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.util.concurrent.CompletionStage;

/**
 * A route that answers later, from another thread (e.g. a Kafka producer's callback), so no server
 * thread waits for the answer. The returned stage completes once the route has sent its answer;
 * the server then closes the exchange. A stage that completes exceptionally before an answer was
 * sent is answered with 500.
 */
@FunctionalInterface
public interface AsyncRoute {
    CompletionStage<Void> handle(HttpExchange exchange) throws IOException;
}

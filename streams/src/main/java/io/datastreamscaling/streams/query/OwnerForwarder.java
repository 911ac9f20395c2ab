package io.datastreamscaling.streams.query;

import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.apache.kafka.streams.state.HostInfo;

/**
 * Asks the instance that owns a key (from {@code application.server} metadata) on behalf of a client,
 * marking the request as forwarded so the receiver answers from its own store or fails, never
 * forwards again: during a rebalance two instances can each believe the other owns the key, and
 * without the mark they would bounce the request between them.
 */
final class OwnerForwarder {
    static final String FORWARDED_HEADER = "X-Revenue-Forwarded";
    private static final Duration TIMEOUT = Duration.ofSeconds(5);

    private final HostInfo self;
    private final HttpClient client = HttpClient.newBuilder().connectTimeout(TIMEOUT).build();

    OwnerForwarder(HostInfo self) {
        this.self = self;
    }

    static boolean wasForwarded(HttpExchange exchange) {
        return exchange.getRequestHeaders().containsKey(FORWARDED_HEADER);
    }

    /** The owner's answer to {@code GET pathAndQuery}; IOException if it does not answer in time. */
    HttpResponse<byte[]> get(HostInfo owner, String pathAndQuery) throws IOException, InterruptedException {
        URI uri = URI.create("http://" + owner.host() + ":" + owner.port() + pathAndQuery);
        HttpRequest request = HttpRequest.newBuilder(uri).timeout(TIMEOUT).header(FORWARDED_HEADER, self.toString())
                .GET().build();
        return client.send(request, HttpResponse.BodyHandlers.ofByteArray());
    }

    static String address(HostInfo host) {
        return host.host() + ":" + host.port();
    }
}

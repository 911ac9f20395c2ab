package io.datastreamscaling.producer.http;

import com.sun.net.httpserver.HttpExchange;
import io.datastreamscaling.shared.http.AsyncRoute;
import io.datastreamscaling.shared.http.HttpExchanges;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * Lets a request through to the wrapped route only with {@code Authorization: Bearer <token>}
 * ({@code PRODUCER_API_TOKEN}); anything else gets 401 with {@code WWW-Authenticate}, before the body
 * is read. Only {@code POST /orders} is wrapped: {@code /metrics} and {@code /health/*} are read-only
 * (GET/HEAD) and stay open for probes and Prometheus.
 */
public final class BearerTokenRoute implements AsyncRoute {
    private static final String SCHEME = "bearer ";

    private final byte[] expectedDigest;
    private final AsyncRoute next;

    public BearerTokenRoute(String token, AsyncRoute next) {
        this.expectedDigest = sha256(token);
        this.next = next;
    }

    @Override
    public CompletionStage<Void> handle(HttpExchange exchange) throws IOException {
        if (!authorized(exchange.getRequestHeaders().getFirst("Authorization"))) {
            exchange.getResponseHeaders().set("WWW-Authenticate", "Bearer realm=\"orders\"");
            HttpExchanges.sendError(exchange, 401, "a valid bearer token is required");
            return CompletableFuture.completedFuture(null);
        }
        return next.handle(exchange);
    }

    private boolean authorized(String header) {
        if (header == null || header.length() <= SCHEME.length()
                || !header.substring(0, SCHEME.length()).toLowerCase(Locale.ROOT).equals(SCHEME)) {
            return false;
        }
        // Digests have one length whatever was sent, and isEqual takes the same time wherever they
        // differ: the answer time tells an attacker neither the token's length nor its prefix.
        return MessageDigest.isEqual(expectedDigest, sha256(header.substring(SCHEME.length()).strip()));
    }

    private static byte[] sha256(String text) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }
}

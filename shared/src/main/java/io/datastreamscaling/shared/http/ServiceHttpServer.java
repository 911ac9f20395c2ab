package io.datastreamscaling.shared.http;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.datastreamscaling.shared.metrics.ServiceMetrics;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Every service's HTTP face on the JDK {@link HttpServer}: {@code GET /metrics},
 * {@code GET /health/live}, {@code GET /health/ready}, plus routes a service adds
 * ({@code POST /orders}, {@code GET /revenue/…}). A wrong method gets 405, an unknown path 404, and
 * an exception in a route a 500 without a stack trace in the answer.
 */
public final class ServiceHttpServer implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(ServiceHttpServer.class);

    private final HttpServer server;
    private final ExecutorService executor;
    private final Map<String, Map<String, Route>> routesByPath = new ConcurrentHashMap<>();

    private ServiceHttpServer(HttpServer server, ExecutorService executor) {
        this.server = server;
        this.executor = executor;
    }

    /** Binds {@code port} (0 picks a free one) and serves metrics and health at once. */
    public static ServiceHttpServer start(String service, int port, ServiceMetrics metrics, Health health) throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress(port), 64);
        AtomicInteger threads = new AtomicInteger();
        // A bounded pool: requests that wait for a broker acknowledgement must not be able to
        // exhaust the process with threads.
        ExecutorService executor = Executors.newFixedThreadPool(16, r -> {
            Thread t = new Thread(r, service + "-http-" + threads.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        server.setExecutor(executor);
        ServiceHttpServer http = new ServiceHttpServer(server, executor);
        server.createContext("/", exchange -> {
            try (exchange) {
                HttpExchanges.sendError(exchange, 404, "no such path: " + exchange.getRequestURI().getPath());
            }
        });
        http.route("GET", "/metrics", exchange ->
                HttpExchanges.sendText(exchange, 200, "text/plain; version=0.0.4; charset=utf-8", metrics.scrape()));
        http.route("GET", "/health/live", exchange -> {
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("status", health.isLive() ? "UP" : "DOWN");
            if (!health.isLive()) {
                body.put("reason", health.notLiveReason());
            }
            HttpExchanges.sendJson(exchange, health.isLive() ? 200 : 503, body);
        });
        http.route("GET", "/health/ready", exchange -> {
            Map<String, Object> body = new LinkedHashMap<>();
            boolean ready = health.isReady();
            body.put("status", ready ? "UP" : "DOWN");
            body.put("checks", health.readinessDetail());
            HttpExchanges.sendJson(exchange, ready ? 200 : 503, body);
        });
        server.start();
        log.info("{} HTTP on port {}: /metrics /health/live /health/ready", service, http.port());
        return http;
    }

    /** Adds a route for {@code method} on {@code path} and every path below it. */
    public void route(String method, String path, Route route) {
        Map<String, Route> byMethod = routesByPath.computeIfAbsent(path, p -> {
            Map<String, Route> methods = new ConcurrentHashMap<>();
            server.createContext(p, exchange -> dispatch(p, exchange, methods));
            return methods;
        });
        byMethod.put(method, route);
    }

    private void dispatch(String path, HttpExchange exchange, Map<String, Route> methods) {
        // The error answers are sent inside the try-with-resources: a catch clause of the same
        // try would run after the exchange is closed, and the client would get no answer at all.
        try (exchange) {
            try {
                route(path, exchange, methods);
            } catch (HttpExchanges.BodyTooLargeException e) {
                quietly(exchange, 413, e.getMessage());
            } catch (Exception e) {
                log.warn("{} {} failed", exchange.getRequestMethod(), exchange.getRequestURI().getPath(), e);
                quietly(exchange, 500, "internal error");
            }
        }
    }

    private static void route(String path, HttpExchange exchange, Map<String, Route> methods) throws IOException {
        String requestPath = exchange.getRequestURI().getPath();
        if (!requestPath.equals(path) && !requestPath.startsWith(path.endsWith("/") ? path : path + "/")) {
            HttpExchanges.sendError(exchange, 404, "no such path: " + requestPath);
            return;
        }
        String method = exchange.getRequestMethod();
        Route route = methods.get("HEAD".equals(method) ? "GET" : method);
        if (route == null) {
            exchange.getResponseHeaders().set("Allow", String.join(", ", methods.keySet()));
            HttpExchanges.sendError(exchange, 405, method + " is not allowed on " + path);
            return;
        }
        route.handle(exchange);
    }

    private static void quietly(HttpExchange exchange, int status, String message) {
        try {
            HttpExchanges.sendError(exchange, status, message);
        } catch (IOException | RuntimeException ignored) {
            // headers were already sent or the client went away: nothing more to tell it
        }
    }

    public int port() {
        return server.getAddress().getPort();
    }

    @Override
    public void close() {
        server.stop(1);
        executor.shutdown();
        try {
            executor.awaitTermination(2, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}

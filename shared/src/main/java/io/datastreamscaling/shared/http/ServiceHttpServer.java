package io.datastreamscaling.shared.http;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.datastreamscaling.shared.metrics.ServiceMetrics;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Every service's HTTP face on the JDK {@link HttpServer}: {@code GET /metrics},
 * {@code GET /health/live}, {@code GET /health/ready}, plus routes a service adds
 * ({@code POST /orders}, {@code GET /revenue/…}). A wrong method gets 405, an unknown path 404 (a
 * route matches its exact path only, unless added with {@link #routeBelow}), and an exception in a
 * route a 500 without a stack trace in the answer.
 *
 * <p>Hostile or careless clients cannot starve the probes:
 * <ul>
 *   <li>The JDK server reads a request's headers on an executor thread, before it knows the path,
 *       so a slow sender pins a thread whatever route it aims at. The executor therefore grows to
 *       {@link #MAX_THREADS} threads instead of queueing behind a fixed 16, and
 *       {@link HttpServerTuning} has the JDK close a connection whose request takes longer than
 *       {@value HttpServerTuning#MAX_REQUEST_SECONDS} s, or that idles. Past the thread limit a new
 *       request's connection is closed (the JDK's answer to a refused task), not queued.
 *   <li>Routes that wait for something slow ({@code POST /orders}) are {@link AsyncRoute}s behind an
 *       {@link InFlightLimit}: they hold no thread while they wait, and past the limit a request gets
 *       503 with {@code Retry-After} before its body is read. So health and metrics never wait
 *       behind order submissions.
 *   <li>A request body that a route did not read is not drained (the connection is closed), so a
 *       huge declared body gets its 413 without holding a thread to swallow it.
 *   <li>Request data in log lines is escaped ({@link HttpExchanges#forLog}); a client that goes away
 *       mid-request costs one short log line.
 * </ul>
 */
public final class ServiceHttpServer implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(ServiceHttpServer.class);
    /** The most requests being read or handled at once; see the class comment. */
    static final int MAX_THREADS = 1_000;
    private static final CompletableFuture<Void> DONE = CompletableFuture.completedFuture(null);

    private final HttpServer server;
    private final ThreadPoolExecutor executor;
    private final Map<String, Map<String, Handler>> routesByPath = new ConcurrentHashMap<>();

    private record Handler(AsyncRoute route, InFlightLimit limit) {
    }

    private ServiceHttpServer(HttpServer server, ThreadPoolExecutor executor) {
        this.server = server;
        this.executor = executor;
    }

    /** Binds {@code port} (0 picks a free one) and serves metrics and health at once. */
    public static ServiceHttpServer start(String service, int port, ServiceMetrics metrics, Health health) throws IOException {
        HttpServerTuning.apply(); // before the JVM's first HttpServer reads them
        HttpServer server = HttpServer.create(new InetSocketAddress(port), 512);
        AtomicInteger threads = new AtomicInteger();
        // No queue: a request either gets a thread now or its connection is closed. A queue would
        // put the probes behind every slow client.
        ThreadPoolExecutor executor = new ThreadPoolExecutor(4, MAX_THREADS, 30, TimeUnit.SECONDS, new SynchronousQueue<>(), r -> {
            Thread t = new Thread(r, service + "-http-" + threads.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        server.setExecutor(executor);
        ServiceHttpServer http = new ServiceHttpServer(server, executor);
        server.createContext("/", exchange -> {
            try (exchange) {
                finishEmptyBody(exchange);
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

    /** Adds a route for {@code method} on exactly {@code path}; a path below it gets 404. */
    public void route(String method, String path, Route route) {
        add(method, path, false, synchronous(route), null);
    }

    /** Adds a route for {@code method} on {@code path} and every path below it ({@code /revenue/<user>}). */
    public void routeBelow(String method, String path, Route route) {
        add(method, path, true, synchronous(route), null);
    }

    /** Adds an {@link AsyncRoute} on exactly {@code path}, with at most {@code limit} requests in flight. */
    public void routeAsync(String method, String path, InFlightLimit limit, AsyncRoute route) {
        add(method, path, false, route, limit);
    }

    private static AsyncRoute synchronous(Route route) {
        return exchange -> {
            route.handle(exchange);
            return DONE;
        };
    }

    private void add(String method, String path, boolean below, AsyncRoute route, InFlightLimit limit) {
        Map<String, Handler> byMethod = routesByPath.computeIfAbsent(path, p -> {
            Map<String, Handler> methods = new ConcurrentHashMap<>();
            server.createContext(p, exchange -> dispatch(p, below, exchange, methods));
            return methods;
        });
        byMethod.put(method, new Handler(route, limit));
    }

    private static void dispatch(String path, boolean below, HttpExchange exchange, Map<String, Handler> methods) {
        InFlightLimit held = null;
        CompletionStage<Void> answered;
        try {
            finishEmptyBody(exchange);
            Handler handler = handlerFor(path, below, exchange, methods);
            if (handler == null) {
                answered = DONE;
            } else if (handler.limit() != null && !handler.limit().tryAcquire()) {
                exchange.getResponseHeaders().set("Retry-After", Integer.toString(handler.limit().retryAfterSeconds()));
                HttpExchanges.sendError(exchange, 503, "too many requests in flight (" + handler.limit().limit()
                        + "): retry after " + handler.limit().retryAfterSeconds() + " s");
                answered = DONE;
            } else {
                held = handler.limit();
                answered = handler.route().handle(exchange);
            }
        } catch (Exception e) {
            answered = CompletableFuture.failedFuture(e);
        }
        InFlightLimit release = held;
        answered.whenComplete((ignored, error) -> {
            try (exchange) {
                if (error != null) {
                    answerFailure(exchange, error instanceof CompletionException && error.getCause() != null
                            ? error.getCause() : error);
                }
            } finally {
                if (release != null) {
                    release.release();
                }
            }
        });
    }

    private static Handler handlerFor(String path, boolean below, HttpExchange exchange, Map<String, Handler> methods) throws IOException {
        String requestPath = exchange.getRequestURI().getPath();
        boolean matches = requestPath.equals(path) || (below && requestPath.startsWith(path.endsWith("/") ? path : path + "/"));
        if (!matches) {
            HttpExchanges.sendError(exchange, 404, "no such path: " + requestPath);
            return null;
        }
        String method = exchange.getRequestMethod();
        Handler handler = methods.get("HEAD".equals(method) ? "GET" : method);
        if (handler == null) {
            exchange.getResponseHeaders().set("Allow", String.join(", ", methods.keySet()));
            HttpExchanges.sendError(exchange, 405, method + " is not allowed on " + path);
        }
        return handler;
    }

    private static void answerFailure(HttpExchange exchange, Throwable error) {
        if (error instanceof HttpExchanges.BodyTooLargeException) {
            quietly(exchange, 413, error.getMessage());
        } else if (error instanceof IOException) {
            // The client went away or sent a broken request: its problem, not ours. One short line,
            // no stack trace, so a client cannot flood the log with them.
            log.info("{} {} aborted: {}", HttpExchanges.forLog(exchange.getRequestMethod()),
                    HttpExchanges.forLog(exchange.getRequestURI().getPath()), HttpExchanges.forLog(error.toString()));
            quietly(exchange, 400, "request aborted");
        } else {
            log.warn("{} {} failed", HttpExchanges.forLog(exchange.getRequestMethod()),
                    HttpExchanges.forLog(exchange.getRequestURI().getPath()), error);
            quietly(exchange, 500, "internal error");
        }
    }

    /**
     * Reads a request without a body to its end (instantly), so its connection can be kept alive:
     * with {@code drainAmount=0} a body left unread closes the connection.
     */
    private static void finishEmptyBody(HttpExchange exchange) throws IOException {
        String length = exchange.getRequestHeaders().getFirst("Content-Length");
        boolean noBody = exchange.getRequestHeaders().getFirst("Transfer-Encoding") == null
                && (length == null || length.trim().equals("0"));
        if (noBody) {
            // Not closed: a route may still read the (empty) body; a second read returns -1 again.
            InputStream in = exchange.getRequestBody();
            in.read();
        }
    }

    private static void quietly(HttpExchange exchange, int status, String message) {
        try {
            exchange.getResponseHeaders().set("Connection", "close");
            HttpExchanges.sendError(exchange, status, message);
        } catch (IOException | RuntimeException ignored) {
            // headers were already sent or the client went away: nothing more to tell it
        }
    }

    public int port() {
        return server.getAddress().getPort();
    }

    /** Threads of the server's executor right now (reading requests or running routes). */
    public int threads() {
        return executor.getPoolSize();
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

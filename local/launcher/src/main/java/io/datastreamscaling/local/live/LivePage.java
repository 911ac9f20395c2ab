package io.datastreamscaling.local.live;

import com.sun.net.httpserver.HttpExchange;
import io.datastreamscaling.shared.http.Health;
import io.datastreamscaling.shared.http.HttpExchanges;
import io.datastreamscaling.shared.http.ServiceHttpServer;
import io.datastreamscaling.shared.metrics.ServiceMetrics;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;

/**
 * The launcher's live page at {@code http://localhost:<port>/live}: the page and its script, the uPlot
 * charting library from its WebJar (served from the classpath: no CDN, works offline), and
 * {@code /live/data.json}, the sampler's latest figures, which the page polls every second.
 */
public final class LivePage implements AutoCloseable {
    /** The launcher's fixed port for the page, beside the services' 8081–8083. */
    public static final int DEFAULT_PORT = 8080;
    static final String PATH = "/live";
    static final String DATA = "/live/data.json";
    private static final String UPLOT = "/META-INF/resources/webjars/uplot/1.6.30/dist/";
    private static final String PAGE = "/io/datastreamscaling/local/live/";
    private static final Map<String, String> FILES = Map.of(
            "/live", PAGE + "index.html",
            "/live/", PAGE + "index.html",
            "/live/live.js", PAGE + "live.js",
            "/live/live.css", PAGE + "live.css",
            "/live/uPlot.iife.min.js", UPLOT + "uPlot.iife.min.js",
            "/live/uPlot.min.css", UPLOT + "uPlot.min.css");

    private final ServiceHttpServer http;
    private final ServiceMetrics metrics;
    private final LiveSampler sampler;
    private final AtomicBoolean closed = new AtomicBoolean();

    private LivePage(ServiceHttpServer http, ServiceMetrics metrics, LiveSampler sampler) {
        this.http = http;
        this.metrics = metrics;
        this.sampler = sampler;
    }

    /** Serves the page on {@code port} (0 picks a free one) and starts sampling. */
    public static LivePage start(int port, LiveSampler sampler) throws IOException {
        ServiceMetrics metrics = ServiceMetrics.create("launcher");
        ServiceHttpServer http;
        try {
            http = ServiceHttpServer.start("live-page", port, metrics, new Health());
        } catch (IOException | RuntimeException e) {
            metrics.close();
            throw e;
        }
        LivePage page = new LivePage(http, metrics, sampler);
        // One route per file as well as the prefix: each answers whether the server matches a route's
        // path exactly or as a prefix.
        http.route("GET", PATH, page::serve);
        http.route("GET", DATA, page::serve);
        FILES.keySet().stream().filter(path -> !path.endsWith("/")).forEach(path -> http.route("GET", path, page::serve));
        sampler.start();
        return page;
    }

    /**
     * The page of the one command: the services of {@code httpPorts} (by role, as the launcher names
     * them), the store's row count, and the run's events.
     */
    public static LivePage startFor(int port, Map<String, Integer> httpPorts, Supplier<OptionalLong> rowsStored,
                                    LiveEvents events) throws IOException {
        List<ServiceEndpoint> endpoints = httpPorts.entrySet().stream()
                .map(e -> new ServiceEndpoint(e.getKey(), e.getKey(), e.getValue())).toList();
        return start(port, new LiveSampler(() -> endpoints, rowsStored, events));
    }

    private void serve(HttpExchange exchange) throws IOException {
        String path = exchange.getRequestURI().getPath();
        if (path.equals(DATA)) {
            exchange.getResponseHeaders().set("Cache-Control", "no-store");
            HttpExchanges.sendJson(exchange, 200, sampler.latest());
            return;
        }
        String resource = FILES.get(path);
        if (resource == null) {
            HttpExchanges.sendError(exchange, 404, "no such path: " + path);
            return;
        }
        byte[] body;
        try (InputStream in = LivePage.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IOException("missing from the launcher's jar: " + resource);
            }
            body = in.readAllBytes();
        }
        HttpExchanges.send(exchange, 200, contentType(resource), body);
    }

    private static String contentType(String resource) {
        if (resource.endsWith(".html")) {
            return "text/html; charset=utf-8";
        }
        if (resource.endsWith(".js")) {
            return "text/javascript; charset=utf-8";
        }
        return "text/css; charset=utf-8";
    }

    public int port() {
        return http.port();
    }

    public String url() {
        return "http://localhost:" + port() + PATH;
    }

    /** Idempotent; stops the scrapes first, so no service is scraped while it shuts down. */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        sampler.close();
        http.close();
        metrics.close();
    }
}

package io.datastreamscaling.local.live;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Optional;

/**
 * One look at a service over its own HTTP port: {@code /health/ready} and {@code /metrics}. A service
 * that does not answer is reported as such (the page says so) rather than shown with zeros.
 */
record ServiceScrape(ServiceEndpoint endpoint, boolean reachable, boolean ready, String problem,
                     Optional<PrometheusText> metrics) {

    /** Short: the page polls every second, and a hung service must not hold the others' figures back. */
    private static final Duration TIMEOUT = Duration.ofMillis(1500);

    static ServiceScrape of(HttpClient http, ServiceEndpoint endpoint) {
        try {
            HttpResponse<String> health = http.send(request(endpoint, "/health/ready"), HttpResponse.BodyHandlers.ofString());
            boolean ready = health.statusCode() == 200;
            HttpResponse<String> metrics = http.send(request(endpoint, "/metrics"), HttpResponse.BodyHandlers.ofString());
            if (metrics.statusCode() != 200) {
                return new ServiceScrape(endpoint, true, ready, "/metrics answered " + metrics.statusCode(), Optional.empty());
            }
            return new ServiceScrape(endpoint, true, ready, ready ? "" : "not ready: " + health.body(),
                    Optional.of(PrometheusText.parse(metrics.body())));
        } catch (IOException e) {
            return new ServiceScrape(endpoint, false, false, "does not answer: " + e.getClass().getSimpleName(), Optional.empty());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new ServiceScrape(endpoint, false, false, "interrupted", Optional.empty());
        }
    }

    private static HttpRequest request(ServiceEndpoint endpoint, String path) {
        return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + endpoint.port() + path)).timeout(TIMEOUT).GET().build();
    }
}

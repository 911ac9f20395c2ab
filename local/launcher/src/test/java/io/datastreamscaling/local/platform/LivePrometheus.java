package io.datastreamscaling.local.platform;

import io.datastreamscaling.local.broker.testing.Await;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A real Prometheus server (the {@code prometheus} binary) on a free loopback port, with its own
 * storage in a temporary directory, scraping the given targets every second and evaluating the given
 * rule file every second. Queried through its HTTP API, as Grafana queries it.
 */
final class LivePrometheus implements AutoCloseable {
    static final Duration SCRAPE_INTERVAL = Duration.ofSeconds(1);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration START_TIMEOUT = Duration.ofSeconds(30);

    private final Process process;
    private final Path log;
    private final URI base;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private LivePrometheus(Process process, Path log, URI base) {
        this.process = process;
        this.log = log;
        this.base = base;
    }

    /** Starts Prometheus scraping {@code /metrics} of each job's loopback port; returns once it is ready. */
    static LivePrometheus start(Path binary, Path workDir, Map<String, Integer> portsByJob, Path ruleFile) throws IOException {
        Path config = Files.writeString(workDir.resolve("prometheus.yml"), config(portsByJob, ruleFile));
        Path log = workDir.resolve("prometheus.log");
        int port = freePort();
        Process process = new ProcessBuilder(List.of(binary.toString(),
                "--config.file=" + config,
                "--storage.tsdb.path=" + workDir.resolve("data"),
                "--web.listen-address=127.0.0.1:" + port))
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        LivePrometheus prometheus = new LivePrometheus(process, log, URI.create("http://127.0.0.1:" + port));
        try {
            Await.until(START_TIMEOUT, prometheus::isReady, () -> "Prometheus ready on port " + port + "; its log:\n" + prometheus.log());
        } catch (AssertionError e) {
            prometheus.close();
            throw e;
        }
        return prometheus;
    }

    /** Scrape and rule evaluation every second; one job per service, named like the Compose jobs. */
    static String config(Map<String, Integer> portsByJob, Path ruleFile) {
        StringBuilder yaml = new StringBuilder()
                .append("global:\n")
                .append("  scrape_interval: ").append(SCRAPE_INTERVAL.toSeconds()).append("s\n")
                .append("  scrape_timeout: ").append(SCRAPE_INTERVAL.toSeconds()).append("s\n")
                .append("  evaluation_interval: ").append(SCRAPE_INTERVAL.toSeconds()).append("s\n")
                .append("rule_files:\n")
                .append("  - ").append(JSON.valueToTree(ruleFile.toString()).toString()).append('\n')
                .append("scrape_configs:\n");
        portsByJob.forEach((job, port) -> yaml
                .append("  - job_name: ").append(job).append('\n')
                .append("    metrics_path: /metrics\n")
                .append("    static_configs:\n")
                .append("      - targets: [\"127.0.0.1:").append(port).append("\"]\n"));
        return yaml.toString();
    }

    /** The JSON answer of an instant query at the current time, valid or not ({@code status}, {@code data}, {@code error}). */
    JsonNode query(String promql) {
        return get("/api/v1/query?query=" + URLEncoder.encode(promql, StandardCharsets.UTF_8));
    }

    /** The series an instant query returns: its {@code data.result} array, which must be a success. */
    JsonNode series(String promql) {
        JsonNode answer = query(promql);
        if (!"success".equals(answer.path("status").asText())) {
            throw new AssertionError(promql + ": " + answer.path("error").asText());
        }
        return answer.path("data").path("result");
    }

    /** True when at least one scraped series has this metric name. */
    boolean hasMetric(String name) {
        return !series("count({__name__=\"" + name + "\"})").isEmpty();
    }

    JsonNode get(String pathAndQuery) {
        HttpRequest request = HttpRequest.newBuilder(base.resolve(pathAndQuery)).timeout(Duration.ofSeconds(10)).GET().build();
        try {
            return JSON.readTree(http.send(request, HttpResponse.BodyHandlers.ofString()).body());
        } catch (IOException e) {
            throw new UncheckedIOException(request.uri().toString(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private boolean isReady() {
        if (!process.isAlive()) {
            throw new AssertionError("Prometheus exited with " + process.exitValue() + "; its log:\n" + log());
        }
        HttpRequest request = HttpRequest.newBuilder(base.resolve("/-/ready")).timeout(Duration.ofSeconds(2)).GET().build();
        try {
            return http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
        } catch (IOException notYetListening) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    String log() {
        try {
            return Files.exists(log) ? Files.readString(log) : "(no log)";
        } catch (IOException e) {
            return "(cannot read " + log + ": " + e + ")";
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    /** Stops Prometheus (SIGTERM, then SIGKILL after 10 s). */
    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
    }
}

package io.datastreamscaling.local.process;

import io.datastreamscaling.local.live.PrometheusText;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * A service run as a child JVM ({@link ServiceProcess}) on one fixed HTTP port, that can be SIGKILLed and
 * started again: the launcher's {@code --chaos} targets. Its figures are read from its own
 * {@code /metrics}; a counter's total runs on across restarts (what each earlier incarnation had counted
 * when it was last read, plus the current one), because a killed JVM's counters die with it.
 * Used by one thread at a time, except the figures, which any thread may read.
 */
public final class ChildService {
    /**
     * For a consumer child: a SIGKILLed member sends no LeaveGroup, so its partitions wait for the session
     * timeout before another member gets them. 6 s (classic protocol, the consumer's default) instead of
     * 45 s keeps that gap inside a demonstration run; the fault campaigns use the same.
     */
    public static final Map<String, String> CONSUMER_FAST_FAILOVER = Map.of(
            "KAFKA_CONSUMER_SESSION_TIMEOUT_MS", "6000",
            "KAFKA_CONSUMER_HEARTBEAT_INTERVAL_MS", "1000");
    /** The same for the streams app's consumer (session.timeout.ms through KAFKA_STREAMS_*): 6 s instead of 45 s. */
    public static final Map<String, String> STREAMS_FAST_FAILOVER = Map.of(
            "KAFKA_STREAMS_SESSION_TIMEOUT_MS", "6000",
            "KAFKA_STREAMS_HEARTBEAT_INTERVAL_MS", "1000");
    private static final Duration SCRAPE_TIMEOUT = Duration.ofMillis(1500);
    /** The status line reads several figures in a row; one scrape serves them. */
    private static final long SCRAPE_REUSE_NANOS = 500_000_000L;

    private final String name;
    private final Class<?> mainClass;
    private final Map<String, String> env;
    private final Path logFile;
    private final int port;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
    private final Map<String, Double> lastRead = new HashMap<>();
    private final Map<String, Double> retired = new HashMap<>();
    private volatile ServiceProcess process;
    private int incarnation;
    private Optional<PrometheusText> scrape = Optional.empty();
    private long scrapedNanos;

    /**
     * @param env  the service's settings on top of this JVM's environment; {@code HTTP_PORT} is set here
     * @param port its HTTP port, kept across restarts so the live page and the status line find it again
     *             (0: a free port picked now)
     */
    public ChildService(String name, Class<?> mainClass, Map<String, String> env, int port, Path logFile) throws IOException {
        this.name = name;
        this.mainClass = mainClass;
        this.port = port == 0 ? freePort() : port;
        this.env = new HashMap<>(env);
        this.env.put("HTTP_PORT", Integer.toString(this.port));
        this.logFile = logFile;
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    public String name() {
        return name;
    }

    public int port() {
        return port;
    }

    public Path logFile() {
        return logFile;
    }

    /** Starts the JVM (again, after a kill) and returns its pid; see {@link #awaitReady}. */
    public long start() {
        incarnation++;
        process = ServiceProcess.start(name + "#" + incarnation, mainClass, env, logFile);
        return process.pid();
    }

    public boolean isRunning() {
        ServiceProcess current = process;
        return current != null && current.isAlive();
    }

    /** Waits until {@code /health/ready} answers 200; false after {@code timeout} or if the JVM died. */
    public boolean awaitReady(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        HttpRequest ready = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/health/ready"))
                .timeout(SCRAPE_TIMEOUT).GET().build();
        while (System.nanoTime() < deadline && isRunning()) {
            try {
                if (http.send(ready, HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                    return true;
                }
            } catch (IOException notYet) {
                // the JVM is still starting
            }
            Thread.sleep(200);
        }
        return false;
    }

    /**
     * Waits as {@link #awaitReady} does, and says how long it took; a child that does not get ready is a
     * fault the chaos run could not undo, so it throws with the log to read.
     */
    public String awaitReadyOrThrow(Duration timeout) throws InterruptedException {
        long began = System.nanoTime();
        if (!awaitReady(timeout)) {
            throw new IllegalStateException(name + " did not get ready within " + timeout.toSeconds() + " s; see " + logFile);
        }
        return String.format(Locale.ROOT, "ready after %.1f s", (System.nanoTime() - began) / 1e9);
    }

    /** Starts the JVM again after a kill and waits until it is ready: the chaos run's restart, described. */
    public String restart(Duration readyTimeout) throws InterruptedException {
        long pid = start();
        return name + " restarted (pid " + pid + "), " + awaitReadyOrThrow(readyTimeout);
    }

    /** SIGKILL: no shutdown hook, no final commit; returns the pid that died. */
    public long kill() {
        ServiceProcess current = process;
        retire();
        current.kill();
        return current.pid();
    }

    /** SIGTERM and wait: the service closes in order (final commit, leaves its group). */
    public void stop() {
        ServiceProcess current = process;
        if (current != null && current.isAlive()) {
            scrape(true); // the last figures of this incarnation
            retire();
            current.stop();
        }
    }

    /** Cleanup after a failure. */
    public void destroy() {
        ServiceProcess current = process;
        if (current != null) {
            current.destroy();
        }
    }

    /**
     * A counter summed over every incarnation: the earlier ones as last read, the running one now
     * (or as last read, while it does not answer). {@code label} null: every sample of {@code metric}.
     */
    public synchronized long total(String metric, String label, String value) {
        String key = metric + "{" + label + "=" + value + "}";
        scrape(false).ifPresent(m -> lastRead.put(key, m.sum(metric, labels -> label == null || value.equals(labels.get(label)))));
        lastRead.putIfAbsent(key, 0.0);
        return Math.round(retired.getOrDefault(key, 0.0) + lastRead.get(key));
    }

    /** A gauge of the running incarnation (summed over its samples), as last read while it does not answer. */
    public synchronized long gauge(String metric) {
        String key = "gauge:" + metric;
        scrape(false).ifPresent(m -> lastRead.put(key, m.sum(metric)));
        return Math.round(lastRead.getOrDefault(key, 0.0));
    }

    /** Counters as last read move to the retired totals; the next incarnation counts from zero. */
    private synchronized void retire() {
        lastRead.forEach((key, value) -> {
            if (!key.startsWith("gauge:")) {
                retired.merge(key, value, Double::sum);
            }
        });
        lastRead.replaceAll((key, value) -> key.startsWith("gauge:") ? value : 0.0);
        scrape = Optional.empty();
    }

    private synchronized Optional<PrometheusText> scrape(boolean fresh) {
        long now = System.nanoTime();
        if (!fresh && scrape.isPresent() && now - scrapedNanos < SCRAPE_REUSE_NANOS) {
            return scrape;
        }
        if (!isRunning()) {
            return Optional.empty();
        }
        try {
            HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/metrics"))
                    .timeout(SCRAPE_TIMEOUT).GET().build(), HttpResponse.BodyHandlers.ofString());
            scrape = response.statusCode() == 200 ? Optional.of(PrometheusText.parse(response.body())) : Optional.empty();
        } catch (IOException e) {
            scrape = Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            scrape = Optional.empty();
        }
        scrapedNanos = now;
        return scrape;
    }
}

package io.datastreamscaling.local.live;

import java.net.http.HttpClient;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.TreeMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * Reads every service's {@code /metrics} and {@code /health/ready} once a second and keeps the last
 * {@value #HISTORY} samples, so a page opened late still shows the run so far and several open pages
 * cost one scrape, not one each.
 *
 * <p>The figures are the services' own meters, summed over the instances of a role: orders produced
 * ({@code orders_produced_total{result="success"}}, what the producer's broker acknowledged), orders
 * consumed ({@code orders_consumed_total{outcome="processed"}} of the consumer, after its sink made
 * them durable), dead letters ({@code dlq_records_total}), lag per partition
 * ({@code consumer_lag_records}, which the consumer computes from the broker's log end offsets).
 */
public final class LiveSampler implements AutoCloseable {
    static final int HISTORY = 300;
    static final Duration EVERY = Duration.ofSeconds(1);

    private final Supplier<List<ServiceEndpoint>> endpoints;
    private final Supplier<OptionalLong> rowsStored;
    private final LiveEvents events;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "live-sampler");
        t.setDaemon(true);
        return t;
    });
    private final long startMillis = System.currentTimeMillis();
    private final Deque<Point> history = new ArrayDeque<>();
    private volatile Map<String, Object> latest = Map.of("sampled", false);

    /** One sample of the charts; rates are per second since the previous sample, -1 where unknown. */
    record Point(long atMillis, double produced, double consumed, double producedRate, double consumedRate,
                 long totalLag, long rows, int consumers) {
    }

    /**
     * @param endpoints the services running now (a {@code --scale} run's consumer instances come and go)
     * @param rowsStored the orders table's row count, empty without a store or when it cannot be read
     */
    public LiveSampler(Supplier<List<ServiceEndpoint>> endpoints, Supplier<OptionalLong> rowsStored, LiveEvents events) {
        this.endpoints = endpoints;
        this.rowsStored = rowsStored;
        this.events = events;
    }

    public void start() {
        timer.scheduleWithFixedDelay(this::sampleQuietly, 0, EVERY.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** The page's JSON: the latest figures, each service's state, the history and the events. */
    public Map<String, Object> latest() {
        return latest;
    }

    private void sampleQuietly() {
        try {
            sample();
        } catch (RuntimeException e) {
            // the sampler must outlive one bad scrape; the page shows the previous figures meanwhile
            latest = withProblem(latest, "sampling failed: " + e);
        }
    }

    private static Map<String, Object> withProblem(Map<String, Object> previous, String problem) {
        Map<String, Object> copy = new LinkedHashMap<>(previous);
        copy.put("problem", problem);
        return copy;
    }

    void sample() {
        List<ServiceScrape> scrapes = new ArrayList<>();
        for (ServiceEndpoint endpoint : endpoints.get()) {
            scrapes.add(ServiceScrape.of(http, endpoint));
        }
        long now = System.currentTimeMillis();
        double produced = sum(scrapes, ServiceEndpoint.PRODUCER, "orders_produced_total", "result", "success");
        double failed = sum(scrapes, ServiceEndpoint.PRODUCER, "orders_produced_total", "result", "failure");
        double consumed = sum(scrapes, ServiceEndpoint.CONSUMER, "orders_consumed_total", "outcome", "processed");
        double deadLetters = sum(scrapes, ServiceEndpoint.CONSUMER, "dlq_records_total", null, null);
        double windows = sum(scrapes, ServiceEndpoint.STREAMS, "streams_windows_emitted_total", null, null);
        Map<String, Long> lagByPartition = lagByPartition(scrapes);
        long totalLag = lagByPartition.values().stream().mapToLong(Long::longValue).sum();
        int consumers = (int) scrapes.stream().filter(s -> s.endpoint().role().equals(ServiceEndpoint.CONSUMER) && s.reachable()).count();
        OptionalLong rows = rowsStored.get();

        Point point;
        synchronized (history) {
            Point previous = history.peekLast();
            double seconds = previous == null ? 0 : (now - previous.atMillis()) / 1000.0;
            point = new Point(now, produced, consumed,
                    rate(previous == null ? Double.NaN : previous.produced(), produced, seconds),
                    rate(previous == null ? Double.NaN : previous.consumed(), consumed, seconds),
                    totalLag, rows.orElse(-1), consumers);
            history.addLast(point);
            while (history.size() > HISTORY) {
                history.removeFirst();
            }
        }

        Map<String, Object> body = new LinkedHashMap<>();
        body.put("sampled", true);
        body.put("atMillis", now);
        body.put("uptimeSeconds", (now - startMillis) / 1000);
        body.put("produced", (long) produced);
        body.put("producedFailed", (long) failed);
        body.put("producedPerSecond", point.producedRate());
        body.put("consumed", (long) consumed);
        body.put("consumedPerSecond", point.consumedRate());
        body.put("deadLetters", (long) deadLetters);
        body.put("windowsEmitted", (long) windows);
        body.put("totalLag", totalLag);
        body.put("lagByPartition", lagByPartition);
        body.put("lagGrowing", lagGrowing());
        body.put("consumerInstances", consumers);
        body.put("rowsStored", rows.isPresent() ? rows.getAsLong() : null);
        body.put("services", scrapes.stream().map(LiveSampler::service).toList());
        body.put("history", historyColumns());
        body.put("events", events.snapshot().stream().map(e -> Map.of(
                "sequence", e.sequence(), "atMillis", e.at().toEpochMilli(), "kind", e.kind(), "text", e.text())).toList());
        latest = body;
    }

    private static double rate(double before, double now, double seconds) {
        return Double.isNaN(before) || seconds <= 0 ? -1 : Math.max(0, (now - before) / seconds);
    }

    /** Summed over the reachable instances of {@code role}; a label filter of null takes every sample. */
    private static double sum(List<ServiceScrape> scrapes, String role, String name, String label, String value) {
        return scrapes.stream()
                .filter(s -> s.endpoint().role().equals(role))
                .map(ServiceScrape::metrics)
                .flatMap(Optional::stream)
                .mapToDouble(m -> m.sum(name, labels -> label == null || value.equals(labels.get(label))))
                .sum();
    }

    /**
     * Each partition's lag as its owner reports it. Partition order is numeric (0, 1, 2, …, 10), and
     * a partition two instances both report during a rebalance is counted once, at the larger figure.
     */
    private static Map<String, Long> lagByPartition(List<ServiceScrape> scrapes) {
        Map<Integer, Long> lag = new TreeMap<>();
        scrapes.stream()
                .filter(s -> s.endpoint().role().equals(ServiceEndpoint.CONSUMER))
                .map(ServiceScrape::metrics)
                .flatMap(Optional::stream)
                .flatMap(m -> m.named("consumer_lag_records").stream())
                .forEach(s -> {
                    try {
                        lag.merge(Integer.parseInt(s.labels().getOrDefault("partition", "-1")), (long) s.value(), Math::max);
                    } catch (NumberFormatException ignored) {
                        // not a partition we can place on the chart
                    }
                });
        Map<String, Long> byName = new LinkedHashMap<>();
        lag.forEach((partition, value) -> byName.put(Integer.toString(partition), value));
        return byName;
    }

    /** True when the total lag rose in each of the last ten samples' halves: a backlog, not a blip. */
    private boolean lagGrowing() {
        synchronized (history) {
            if (history.size() < 10) {
                return false;
            }
            List<Point> last = new ArrayList<>(history).subList(history.size() - 10, history.size());
            long first = last.get(0).totalLag();
            long middle = last.get(4).totalLag();
            long end = last.get(9).totalLag();
            return middle > first && end > middle && end > 1000;
        }
    }

    private Map<String, Object> historyColumns() {
        List<Point> points;
        synchronized (history) {
            points = new ArrayList<>(history);
        }
        Map<String, Object> columns = new LinkedHashMap<>();
        columns.put("t", points.stream().map(p -> p.atMillis() / 1000.0).toList());
        columns.put("producedPerSecond", points.stream().map(p -> p.producedRate() < 0 ? null : p.producedRate()).toList());
        columns.put("consumedPerSecond", points.stream().map(p -> p.consumedRate() < 0 ? null : p.consumedRate()).toList());
        columns.put("totalLag", points.stream().map(Point::totalLag).toList());
        columns.put("rowsStored", points.stream().map(p -> p.rows() < 0 ? null : p.rows()).toList());
        columns.put("consumerInstances", points.stream().map(Point::consumers).toList());
        return columns;
    }

    private static Map<String, Object> service(ServiceScrape scrape) {
        Map<String, Object> service = new LinkedHashMap<>();
        service.put("name", scrape.endpoint().name());
        service.put("role", scrape.endpoint().role());
        service.put("port", scrape.endpoint().port());
        service.put("metricsPath", "/metrics");
        service.put("reachable", scrape.reachable());
        service.put("ready", scrape.ready());
        service.put("problem", scrape.problem());
        return service;
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }
}

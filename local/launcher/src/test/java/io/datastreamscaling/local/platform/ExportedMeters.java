package io.datastreamscaling.local.platform;

import io.datastreamscaling.shared.metrics.MeterNames;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Timer;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * The Prometheus names our services export, for checking dashboards and alerts offline:
 * the application meters (MeterNames registered with their docs/contract.md kinds in a real Prometheus
 * registry, so Micrometer's own naming convention produces the names), and the Kafka client, Kafka
 * Streams and JVM meters recorded in {@code verified-client-and-jvm-meters.txt} from a real scrape, and
 * the brokers' and PostgreSQL's exporter meters recorded in {@code verified-broker-and-postgres-meters.txt}
 * from a real scrape of the Compose stack.
 */
final class ExportedMeters {
    /** The Prometheus names docs/contract.md lists for the application meters. */
    static final Set<String> CONTRACT_NAMES = Set.of("orders_produced_total", "orders_consumed_total", "order_amount",
            "order_end_to_end_latency_seconds", "consumer_lag_records", "sink_rows_total", "sink_batch_seconds",
            "dlq_records_total");
    /** Prometheus' own per-target series. */
    static final Set<String> SCRAPE_SERIES = Set.of("up", "scrape_duration_seconds", "scrape_samples_scraped");

    private ExportedMeters() {
    }

    /** Every series name the application meters produce, e.g. order_end_to_end_latency_seconds_bucket. */
    static Set<String> applicationSeries() {
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        try {
            Counter.builder(MeterNames.ORDERS_PRODUCED).tag("result", "success").register(registry).increment();
            Counter.builder(MeterNames.ORDERS_CONSUMED).tag("outcome", "processed").register(registry).increment();
            DistributionSummary.builder(MeterNames.ORDER_AMOUNT).register(registry).record(12.5);
            Timer.builder(MeterNames.ORDER_END_TO_END_LATENCY).publishPercentileHistogram().register(registry)
                    .record(Duration.ofMillis(20));
            Gauge.builder(MeterNames.CONSUMER_LAG, () -> 0).tags("topic", "orders", "partition", "0").register(registry);
            Counter.builder(MeterNames.SINK_ROWS).register(registry).increment();
            Timer.builder(MeterNames.SINK_BATCH).register(registry).record(Duration.ofMillis(3));
            Counter.builder(MeterNames.DLQ_RECORDS).tag("reason", "invalid").register(registry).increment();
            return names(registry.scrape());
        } finally {
            registry.close();
        }
    }

    static Set<String> clientAndJvmSeries() {
        return recorded("verified-client-and-jvm-meters.txt");
    }

    /** The brokers' JMX exporter and postgres_exporter series: only the Compose stack has them. */
    static Set<String> exporterSeries() {
        return recorded("verified-broker-and-postgres-meters.txt");
    }

    private static Set<String> recorded(String resource) {
        try (BufferedReader in = new BufferedReader(new InputStreamReader(Objects.requireNonNull(
                ExportedMeters.class.getResourceAsStream(resource)), StandardCharsets.UTF_8))) {
            return in.lines().map(String::strip).filter(l -> !l.isEmpty() && !l.startsWith("#"))
                    .collect(Collectors.toCollection(TreeSet::new));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static Set<String> all() {
        Set<String> all = new TreeSet<>(applicationSeries());
        all.addAll(clientAndJvmSeries());
        all.addAll(exporterSeries());
        all.addAll(SCRAPE_SERIES);
        return all;
    }

    private static Set<String> names(String scrape) {
        return scrape.lines().filter(l -> !l.isBlank() && !l.startsWith("#"))
                .map(l -> l.split("[{ ]", 2)[0])
                .collect(Collectors.toCollection(TreeSet::new));
    }
}

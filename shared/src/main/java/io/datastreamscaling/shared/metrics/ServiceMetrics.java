package io.datastreamscaling.shared.metrics;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.kafka.KafkaClientMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.util.ArrayDeque;
import java.util.Deque;
import org.apache.kafka.clients.admin.AdminClient;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.producer.Producer;

/**
 * One Prometheus registry per service: every meter tagged {@code service}, the JVM binders, and
 * {@link KafkaClientMetrics} for each Kafka client the service binds.
 */
public final class ServiceMetrics implements AutoCloseable {
    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final Deque<AutoCloseable> binders = new ArrayDeque<>();
    private final String service;

    private ServiceMetrics(String service) {
        this.service = service;
        registry.config().commonTags(MeterNames.TAG_SERVICE, service);
        new ClassLoaderMetrics().bindTo(registry);
        new JvmMemoryMetrics().bindTo(registry);
        JvmGcMetrics gc = new JvmGcMetrics();
        gc.bindTo(registry);
        binders.push(gc);
        new JvmThreadMetrics().bindTo(registry);
        new ProcessorMetrics().bindTo(registry);
        new UptimeMetrics().bindTo(registry);
    }

    public static ServiceMetrics create(String service) {
        return new ServiceMetrics(service);
    }

    public String service() {
        return service;
    }

    public MeterRegistry registry() {
        return registry;
    }

    /**
     * The Prometheus text exposition of every meter. A counter whose value is negative is left out:
     * the Prometheus model refuses it and would fail the whole scrape (a 500, every series lost).
     * Kafka Streams exports a few "-total" metrics that can be negative (KAFKA-18495, seen here as
     * -3 in the Compose stack); the binder registers them again on its next refresh, so this check
     * runs on every scrape.
     */
    public String scrape() {
        for (Meter meter : registry.getMeters()) {
            if (meter instanceof FunctionCounter counter && counter.count() < 0) {
                registry.remove(meter);
            }
        }
        return registry.scrape();
    }

    public void bindClient(Producer<?, ?> producer) {
        bind(new KafkaClientMetrics(producer));
    }

    public void bindClient(Consumer<?, ?> consumer) {
        bind(new KafkaClientMetrics(consumer));
    }

    public void bindClient(AdminClient admin) {
        bind(new KafkaClientMetrics(admin));
    }

    private synchronized void bind(KafkaClientMetrics metrics) {
        metrics.bindTo(registry);
        binders.push(metrics);
    }

    @Override
    public synchronized void close() {
        while (!binders.isEmpty()) {
            try {
                binders.pop().close();
            } catch (Exception ignored) {
                // closing a binder only stops its refresh task; nothing to recover
            }
        }
        registry.close();
    }
}

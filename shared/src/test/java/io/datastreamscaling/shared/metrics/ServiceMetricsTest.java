package io.datastreamscaling.shared.metrics;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micrometer.core.instrument.FunctionCounter;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class ServiceMetricsTest {

    @Test
    void aNegativeCounterIsLeftOutInsteadOfFailingTheWholeScrape() {
        try (ServiceMetrics metrics = ServiceMetrics.create("test-service")) {
            AtomicLong broken = new AtomicLong(-3); // as some Kafka Streams "-total" metrics report (KAFKA-18495)
            FunctionCounter.builder("kafka.stream.broken.total", broken, AtomicLong::doubleValue).register(metrics.registry());
            FunctionCounter.builder("kafka.stream.fine.total", new AtomicLong(5), AtomicLong::doubleValue).register(metrics.registry());

            String scraped = metrics.scrape();

            assertFalse(scraped.contains("kafka_stream_broken_total"), scraped);
            assertTrue(scraped.contains("kafka_stream_fine_total{service=\"test-service\"} 5.0"), scraped);
        }
    }
}

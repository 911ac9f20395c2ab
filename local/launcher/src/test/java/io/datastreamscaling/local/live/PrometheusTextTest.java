package io.datastreamscaling.local.live;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Map;
import org.junit.jupiter.api.Test;

class PrometheusTextTest {
    private static final String SCRAPE = """
            # HELP orders_produced_total Orders produced
            # TYPE orders_produced_total counter
            orders_produced_total{result="failure",service="producer",} 2.0
            orders_produced_total{result="success",service="producer",} 1234.0
            consumer_lag_records{partition="10",service="consumer",topic="orders",} 7.0
            consumer_lag_records{partition="2",service="consumer",topic="orders",} 3.0
            odd_label{text="a \\"quoted\\", comma",} 1.5
            jvm_threads_live_threads 42.0
            garbage line without a value
            """;

    @Test
    void sumsTheSamplesOfANameWhoseLabelsMatch() {
        PrometheusText text = PrometheusText.parse(SCRAPE);

        assertEquals(1234.0, text.sum("orders_produced_total", labels -> "success".equals(labels.get("result"))));
        assertEquals(1236.0, text.sum("orders_produced_total"));
        assertEquals(10.0, text.sum("consumer_lag_records"));
        assertEquals(42.0, text.sum("jvm_threads_live_threads"));
    }

    @Test
    void readsLabelsWithEscapedQuotesAndCommasAndSkipsLinesItCannotRead() {
        PrometheusText text = PrometheusText.parse(SCRAPE);

        assertEquals(Map.of("text", "a \"quoted\", comma"), text.named("odd_label").get(0).labels());
        assertEquals(6, text.samples().size(), "the line without a value is skipped");
    }
}

package io.datastreamscaling.bench.ours;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** Reading our consumer's latency histogram the way a dashboard does, and only after a warm-up. */
class ConsumerScrapeTest {
    private static final String WARM = """
            orders_consumed_total{outcome="processed",service="consumer"} 100.0
            order_end_to_end_latency_seconds_bucket{le="0.01",service="consumer"} 0.0
            order_end_to_end_latency_seconds_bucket{le="0.02",service="consumer"} 0.0
            order_end_to_end_latency_seconds_bucket{le="1.0",service="consumer"} 0.0
            order_end_to_end_latency_seconds_bucket{le="2.0",service="consumer"} 100.0
            order_end_to_end_latency_seconds_bucket{le="+Inf",service="consumer"} 100.0
            order_end_to_end_latency_seconds_count{service="consumer"} 100.0
            order_end_to_end_latency_seconds_sum{service="consumer"} 150.0
            """;
    private static final String END = """
            orders_consumed_total{outcome="processed",service="consumer"} 1100.0
            order_end_to_end_latency_seconds_bucket{le="0.01",service="consumer"} 500.0
            order_end_to_end_latency_seconds_bucket{le="0.02",service="consumer"} 1000.0
            order_end_to_end_latency_seconds_bucket{le="1.0",service="consumer"} 1000.0
            order_end_to_end_latency_seconds_bucket{le="2.0",service="consumer"} 1100.0
            order_end_to_end_latency_seconds_bucket{le="+Inf",service="consumer"} 1100.0
            order_end_to_end_latency_seconds_count{service="consumer"} 1100.0
            order_end_to_end_latency_seconds_sum{service="consumer"} 160.0
            """;

    @Test
    void percentilesInterpolateInsideTheBucketLikeHistogramQuantile() {
        ConsumerScrape whole = ConsumerScrape.parse(END);

        assertEquals(1100, whole.processed());
        assertEquals(0.01 * 550 / 500, whole.percentile(0.50), 1e-9);
        assertEquals(1.0 + 1.0 * (1089 - 1000) / 100, whole.percentile(0.99), 1e-9);
    }

    @Test
    void theWarmUpsOrdersAreLeftOutOfTheMeasuredPercentiles() {
        ConsumerScrape measured = ConsumerScrape.parse(END).minus(ConsumerScrape.parse(WARM));

        assertEquals(1000, measured.count());
        assertEquals(1000, measured.processed());
        assertEquals(0.01 + 0.01 * (990 - 500) / 500, measured.percentile(0.99), 1e-9);
        assertEquals(10.0, measured.latency().avgMs(), 1e-9);
    }
}

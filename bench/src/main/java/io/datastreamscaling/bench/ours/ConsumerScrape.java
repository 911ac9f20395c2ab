package io.datastreamscaling.bench.ours;

import io.datastreamscaling.bench.contender.Latency;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BooleanSupplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What our consumer says about itself on {@code /metrics} (the names of docs/contract.md, "Metrics"), read once at the end
 * of a round: how many orders it processed, and the {@code createdAt} → processed latency histogram.
 *
 * <p>Percentiles come from the histogram's cumulative bucket counts, interpolated linearly inside
 * the bucket that holds the rank: what Prometheus' {@code histogram_quantile} computes, so the bench
 * reports what a dashboard would show. The buckets (Micrometer's percentile histogram, 1 ms to 10 min)
 * are 9-33 % wide, which bounds the error of a single percentile; the microseconds printed are that
 * estimate, not a per-order measurement.
 */
record ConsumerScrape(long processed, List<Bucket> buckets, double sumSeconds, long count) {
    private static final Pattern PROCESSED = Pattern.compile("^orders_consumed_total\\{[^}]*outcome=\"processed\"[^}]*} (\\S+)");
    private static final Pattern BUCKET = Pattern.compile("^order_end_to_end_latency_seconds_bucket\\{[^}]*le=\"([^\"]+)\"[^}]*} (\\S+)");
    private static final Pattern SUM = Pattern.compile("^order_end_to_end_latency_seconds_sum\\{[^}]*} (\\S+)");
    private static final Pattern COUNT = Pattern.compile("^order_end_to_end_latency_seconds_count\\{[^}]*} (\\S+)");

    /** One cumulative bucket: {@code count} observations at or below {@code upperSeconds}. */
    record Bucket(double upperSeconds, long count) {
    }

    static ConsumerScrape of(int httpPort) throws IOException, InterruptedException {
        HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
        HttpResponse<String> response = client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + httpPort + "/metrics"))
                .timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            throw new IOException("GET /metrics of our consumer answered " + response.statusCode());
        }
        return parse(response.body());
    }

    /**
     * Reads {@code /metrics} every 100 ms until the consumer has recorded the latency of at least
     * {@code orders} orders (none to wait for: an empty histogram at once).
     */
    static ConsumerScrape afterProcessing(int httpPort, long orders, BooleanSupplier alive, Duration timeout)
            throws IOException, InterruptedException {
        if (orders == 0) {
            return new ConsumerScrape(0, List.of(), 0, 0);
        }
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            ConsumerScrape scrape = of(httpPort);
            if (scrape.count() >= orders) {
                return scrape;
            }
            if (!alive.getAsBoolean() || System.nanoTime() > deadline) {
                throw new IOException("our consumer processed " + scrape.count() + " of the " + orders + " warm-up orders"
                        + (alive.getAsBoolean() ? " within " + timeout : " and exited"));
            }
            Thread.sleep(100);
        }
    }

    /** What was recorded after {@code earlier} was read: bucket by bucket, the same bounds. */
    ConsumerScrape minus(ConsumerScrape earlier) {
        List<Bucket> later = new ArrayList<>();
        for (Bucket b : buckets) {
            long before = earlier.buckets().stream().filter(e -> e.upperSeconds() == b.upperSeconds())
                    .mapToLong(Bucket::count).findFirst().orElse(0);
            later.add(new Bucket(b.upperSeconds(), b.count() - before));
        }
        return new ConsumerScrape(processed - earlier.processed(), List.copyOf(later), sumSeconds - earlier.sumSeconds(),
                count - earlier.count());
    }

    static ConsumerScrape parse(String exposition) {
        long processed = 0;
        double sum = 0;
        long count = 0;
        List<Bucket> buckets = new ArrayList<>();
        for (String line : exposition.split("\n")) {
            Matcher m;
            if ((m = PROCESSED.matcher(line)).find()) {
                processed = (long) Double.parseDouble(m.group(1));
            } else if ((m = BUCKET.matcher(line)).find()) {
                double upper = m.group(1).equals("+Inf") ? Double.POSITIVE_INFINITY : Double.parseDouble(m.group(1));
                buckets.add(new Bucket(upper, (long) Double.parseDouble(m.group(2))));
            } else if ((m = SUM.matcher(line)).find()) {
                sum = Double.parseDouble(m.group(1));
            } else if ((m = COUNT.matcher(line)).find()) {
                count = (long) Double.parseDouble(m.group(1));
            }
        }
        buckets.sort((a, b) -> Double.compare(a.upperSeconds(), b.upperSeconds()));
        return new ConsumerScrape(processed, List.copyOf(buckets), sum, count);
    }

    /** Average and p50/p99/p99.9 in milliseconds (fractions carry the microseconds). */
    Latency latency() {
        if (count == 0) {
            throw new IllegalStateException("our consumer recorded no end-to-end latency");
        }
        return new Latency(sumSeconds / count * 1000, percentile(0.50) * 1000, percentile(0.99) * 1000, percentile(0.999) * 1000);
    }

    /** histogram_quantile: the rank's bucket, linear inside it; the highest finite bound if the rank is in +Inf. */
    double percentile(double quantile) {
        double rank = quantile * count;
        double lowerBound = 0;
        long below = 0;
        for (Bucket b : buckets) {
            if (b.count() >= rank) {
                if (Double.isInfinite(b.upperSeconds())) {
                    return lowerBound;
                }
                long inBucket = b.count() - below;
                return inBucket == 0 ? b.upperSeconds()
                        : lowerBound + (b.upperSeconds() - lowerBound) * (rank - below) / inBucket;
            }
            lowerBound = b.upperSeconds();
            below = b.count();
        }
        return lowerBound;
    }
}

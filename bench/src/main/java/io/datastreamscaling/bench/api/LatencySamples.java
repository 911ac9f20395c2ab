package io.datastreamscaling.bench.api;

import io.datastreamscaling.bench.contender.Latency;
import java.util.Arrays;

/**
 * Per-request latencies measured by the client itself (request written → answer read), kept
 * whole: a few thousand requests, so the percentiles are exact ranks, not histogram estimates.
 */
final class LatencySamples {
    private long[] nanos = new long[1024];
    private int size;

    void add(long latencyNanos) {
        if (size == nanos.length) {
            nanos = Arrays.copyOf(nanos, size * 2);
        }
        nanos[size++] = latencyNanos;
    }

    int count() {
        return size;
    }

    long totalNanos() {
        long total = 0;
        for (int i = 0; i < size; i++) {
            total += nanos[i];
        }
        return total;
    }

    /** Average and nearest-rank p50/p99/p99.9 in milliseconds, microseconds in the fraction. */
    Latency latency() {
        if (size == 0) {
            throw new IllegalStateException("no request was measured");
        }
        long[] sorted = Arrays.copyOf(nanos, size);
        Arrays.sort(sorted);
        return new Latency(totalNanos() / 1e6 / size, millis(sorted, 0.50), millis(sorted, 0.99), millis(sorted, 0.999));
    }

    private static double millis(long[] sorted, double quantile) {
        int rank = (int) Math.ceil(quantile * sorted.length);
        return sorted[Math.max(0, rank - 1)] / 1e6;
    }
}

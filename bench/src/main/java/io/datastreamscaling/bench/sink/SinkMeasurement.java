package io.datastreamscaling.bench.sink;

import io.datastreamscaling.bench.contender.Measurement;

/** Rows per second since {@code startedNanos}; no MB/s (rows in a table have no wire size to compare). */
final class SinkMeasurement {
    private SinkMeasurement() {
    }

    static Measurement of(long rows, long startedNanos) {
        double seconds = (System.nanoTime() - startedNanos) / 1e9;
        return Measurement.throughput(rows, rows / seconds, 0);
    }
}

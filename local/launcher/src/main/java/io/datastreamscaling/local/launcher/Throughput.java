package io.datastreamscaling.local.launcher;

/** Per-second rate of a growing counter between two samples. */
final class Throughput {
    private long lastCount;
    private long lastNanos;

    Throughput(long count, long nanos) {
        this.lastCount = count;
        this.lastNanos = nanos;
    }

    double perSecond(long count, long nanos) {
        double seconds = Math.max(1e-9, (nanos - lastNanos) / 1e9);
        double rate = (count - lastCount) / seconds;
        lastCount = count;
        lastNanos = nanos;
        return rate;
    }
}

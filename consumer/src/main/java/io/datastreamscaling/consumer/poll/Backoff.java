package io.datastreamscaling.consumer.poll;

import java.time.Duration;

/** Exponential backoff, capped: how long the loop waits before trying a failing sink again. */
final class Backoff {
    private final long initialNanos;
    private final long maxNanos;
    private long currentNanos;
    private long retryAt;

    Backoff(Duration initial, Duration max) {
        this.initialNanos = initial.toNanos();
        this.maxNanos = max.toNanos();
        this.currentNanos = initialNanos;
    }

    /** Schedules the next attempt and doubles the wait after it; returns the wait. */
    Duration schedule() {
        long wait = currentNanos;
        retryAt = System.nanoTime() + wait;
        currentNanos = Math.min(maxNanos, currentNanos * 2);
        return Duration.ofNanos(wait);
    }

    boolean due() {
        return System.nanoTime() - retryAt >= 0;
    }

    void reset() {
        currentNanos = initialNanos;
    }
}

package io.datastreamscaling.shared.http;

import java.util.concurrent.Semaphore;

/**
 * At most {@code limit} requests of a route being handled at once; past it a request is answered
 * 503 with {@code Retry-After} at once, before its body is read. Bounds the memory and threads one
 * route can take, whatever the number of clients, and tells clients to slow down instead of
 * queueing them.
 */
public final class InFlightLimit {
    private final Semaphore permits;
    private final int limit;
    private final int retryAfterSeconds;

    public InFlightLimit(int limit, int retryAfterSeconds) {
        if (limit < 1 || retryAfterSeconds < 0) {
            throw new IllegalArgumentException("limit " + limit + ", retry after " + retryAfterSeconds);
        }
        this.permits = new Semaphore(limit);
        this.limit = limit;
        this.retryAfterSeconds = retryAfterSeconds;
    }

    boolean tryAcquire() {
        return permits.tryAcquire();
    }

    void release() {
        permits.release();
    }

    public int limit() {
        return limit;
    }

    /** Requests being handled now. */
    public int inFlight() {
        return limit - permits.availablePermits();
    }

    int retryAfterSeconds() {
        return retryAfterSeconds;
    }
}

package io.datastreamscaling.local.faults;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * Watches a service's {@code /health/ready} every 20 ms from its own thread, so that a short
 * not-ready spell (a retried batch) is seen, not only a long one; records when it was first not ready
 * after having been ready (start-up does not count) and when it was ready again.
 */
final class ReadinessProbe implements AutoCloseable {
    private static final Duration INTERVAL = Duration.ofMillis(20);

    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private final HttpRequest request;
    private final Thread thread;
    private final AtomicLong firstNotReadyNanos = new AtomicLong(Long.MIN_VALUE);
    private final AtomicLong readyAgainNanos = new AtomicLong(Long.MIN_VALUE);
    private volatile int lastStatus;
    private boolean wasReady;
    private volatile boolean closed;

    ReadinessProbe(int httpPort) {
        this.request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + httpPort + "/health/ready"))
                .timeout(Duration.ofSeconds(2)).build();
        this.thread = new Thread(this::watch, "readiness-probe");
        thread.setDaemon(true);
        thread.start();
    }

    private void watch() {
        while (!closed) {
            int status = status();
            long now = System.nanoTime();
            wasReady |= status == 200;
            if (status != 200 && wasReady) {
                firstNotReadyNanos.compareAndSet(Long.MIN_VALUE, now);
            } else if (firstNotReadyNanos.get() != Long.MIN_VALUE) {
                readyAgainNanos.compareAndSet(Long.MIN_VALUE, now);
            }
            lastStatus = status;
            LockSupport.parkNanos(INTERVAL.toNanos());
        }
    }

    private int status() {
        try {
            return client.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        } catch (Exception e) {
            return -1; // no answer counts as not ready
        }
    }

    int lastStatus() {
        return lastStatus;
    }

    boolean sawNotReady() {
        return firstNotReadyNanos.get() != Long.MIN_VALUE;
    }

    boolean readyAgain() {
        return readyAgainNanos.get() != Long.MIN_VALUE;
    }

    /** From {@code sinceNanos} (the fault) to the first not-ready answer. */
    long millisToNotReady(long sinceNanos) {
        return TimeUnit.NANOSECONDS.toMillis(firstNotReadyNanos.get() - sinceNanos);
    }

    /** From {@code sinceNanos} (the repair) to the first ready answer after the outage. */
    long millisToReadyAgain(long sinceNanos) {
        return TimeUnit.NANOSECONDS.toMillis(readyAgainNanos.get() - sinceNanos);
    }

    /** How long the service answered not ready. */
    long millisNotReady() {
        return TimeUnit.NANOSECONDS.toMillis(readyAgainNanos.get() - firstNotReadyNanos.get());
    }

    @Override
    public void close() {
        closed = true;
        try {
            thread.join(TimeUnit.SECONDS.toMillis(5));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}

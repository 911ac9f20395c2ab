package io.datastreamscaling.local.faults;

import io.datastreamscaling.consumer.testing.TestOrders;
import java.time.Duration;
import java.util.HashSet;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;

/**
 * Keeps orders flowing into a topic of the test broker from its own thread ({@link TestOrders}:
 * every send acknowledged before the next chunk), so a fault hits a consumer with work in hand.
 */
final class OrderFeeder implements AutoCloseable {
    private final TestOrders orders;
    private final int chunk;
    private final Duration pause;
    private final Set<UUID> acknowledged = new HashSet<>();
    private final AtomicReference<RuntimeException> failure = new AtomicReference<>();
    private final Thread thread;
    private volatile boolean stopped;

    /** {@code chunk} orders every {@code pause}: about {@code chunk / pause} orders per second. */
    OrderFeeder(String topic, int chunk, Duration pause) {
        this.orders = new TestOrders(topic);
        this.chunk = chunk;
        this.pause = pause;
        this.thread = new Thread(this::feed, "order-feeder");
    }

    OrderFeeder start() {
        thread.start();
        return this;
    }

    private void feed() {
        try {
            while (!stopped) {
                Set<UUID> ids = new HashSet<>();
                orders.send(chunk).forEach(o -> ids.add(o.orderId()));
                synchronized (acknowledged) {
                    acknowledged.addAll(ids);
                }
                LockSupport.parkNanos(pause.toNanos());
            }
        } catch (RuntimeException e) {
            failure.set(e);
        }
    }

    /** Stops after the chunk in flight, and returns every order acknowledged. */
    Set<UUID> stop() {
        awaitStopped();
        if (failure.get() != null) {
            throw failure.get();
        }
        synchronized (acknowledged) {
            return Set.copyOf(acknowledged);
        }
    }

    @Override
    public void close() {
        awaitStopped();
        orders.close();
    }

    private void awaitStopped() {
        stopped = true;
        try {
            thread.join(TimeUnit.SECONDS.toMillis(60));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}

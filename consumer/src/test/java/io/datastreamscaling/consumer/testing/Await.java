package io.datastreamscaling.consumer.testing;

import java.time.Duration;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/** Bounded, explicit waiting: poll a condition until it holds or the time is up. */
public final class Await {
    private Await() {
    }

    /** Waits until {@code condition} holds; on timeout fails with what was expected and what was seen. */
    public static void await(Duration timeout, BooleanSupplier condition, Supplier<String> seen) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() - deadline > 0) {
                throw new AssertionError("not reached within " + timeout + ": " + seen.get());
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted while waiting: " + seen.get(), e);
            }
        }
    }
}

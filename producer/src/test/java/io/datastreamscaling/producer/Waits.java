package io.datastreamscaling.producer;

import java.time.Duration;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/** Bounded, explicit waiting for tests: poll a condition until it holds or the time is up. */
public final class Waits {
    private Waits() {
    }

    /** Waits until {@code condition} holds; on timeout fails with what was expected and what was seen. */
    public static void await(Duration timeout, BooleanSupplier condition, Supplier<String> whatWasSeen) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("not true within " + timeout + ": " + whatWasSeen.get());
            }
            LockSupport.parkNanos(Duration.ofMillis(20).toNanos());
        }
    }
}

package io.datastreamscaling.local.broker.testing;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/** Bounded, explicit waits for tests: poll a condition until it holds or the time is up. */
public final class Await {
    private static final long POLL_NANOS = TimeUnit.MILLISECONDS.toNanos(50);

    private Await() {
    }

    /**
     * Waits until {@code condition} holds; a condition that throws counts as not (yet) holding.
     *
     * @param message what was expected and what was seen, for the failure
     * @throws AssertionError on timeout, with the message and the last exception the condition threw
     */
    public static void until(Duration timeout, BooleanSupplier condition, Supplier<String> message) {
        long deadline = System.nanoTime() + timeout.toNanos();
        RuntimeException last = null;
        while (true) {
            try {
                if (condition.getAsBoolean()) {
                    return;
                }
            } catch (RuntimeException e) {
                last = e;
            }
            if (System.nanoTime() - deadline > 0) {
                AssertionError error = new AssertionError("not within " + timeout + ": " + message.get());
                if (last != null) {
                    error.initCause(last);
                }
                throw error;
            }
            LockSupport.parkNanos(POLL_NANOS);
        }
    }
}

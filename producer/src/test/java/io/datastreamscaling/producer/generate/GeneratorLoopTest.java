package io.datastreamscaling.producer.generate;

import io.datastreamscaling.local.broker.testing.Await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.OptionalLong;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class GeneratorLoopTest {

    @Test
    void fixedRateIsHeldWithoutRunningAhead() {
        AtomicLong received = new AtomicLong();
        GeneratorLoop loop = new GeneratorLoop(new OrderGenerator(100, 1.1, OptionalLong.of(1)), 500,
                order -> received.incrementAndGet(), "test-generator");
        long start = System.nanoTime();

        loop.start();
        Await.until(Duration.ofSeconds(10), () -> received.get() >= 300, () -> "received " + received.get());
        loop.stop(Duration.ofSeconds(5));
        double seconds = (System.nanoTime() - start) / 1e9;

        // Never ahead of the schedule (one order is due at t=0), whatever the machine's speed.
        assertTrue(received.get() <= 500 * seconds + 1, received.get() + " orders in " + seconds + " s at 500/s");
    }

    @Test
    void stopEndsTheLoopThreadEvenAtUnlimitedRate() {
        AtomicLong received = new AtomicLong();
        GeneratorLoop loop = new GeneratorLoop(new OrderGenerator(100, 1.1, OptionalLong.empty()), Double.POSITIVE_INFINITY,
                order -> received.incrementAndGet(), "test-generator");
        loop.start();
        Await.until(Duration.ofSeconds(10), () -> received.get() >= 1_000, () -> "received " + received.get());

        boolean ended = loop.stop(Duration.ofSeconds(5));

        assertTrue(ended, "the loop thread ended, so the sink can get no more orders");
    }

    @Test
    void limitedLoopHandsOverExactlyTheLimitThenRunsItsFinishAction() {
        AtomicLong received = new AtomicLong();
        AtomicLong receivedWhenFinished = new AtomicLong(-1);
        GeneratorLoop loop = new GeneratorLoop(new OrderGenerator(100, 1.1, OptionalLong.empty()), Double.POSITIVE_INFINITY,
                2_500, () -> receivedWhenFinished.set(received.get()), order -> received.incrementAndGet(), "test-generator");

        loop.start();
        Await.until(Duration.ofSeconds(10), () -> receivedWhenFinished.get() >= 0, () -> "finished; received " + received.get());

        assertTrue(loop.stop(Duration.ofSeconds(5)), "the loop thread ended by itself");
        assertEquals(2_500, receivedWhenFinished.get());
        assertEquals(2_500, received.get());
    }
}

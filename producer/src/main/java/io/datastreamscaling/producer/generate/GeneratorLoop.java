package io.datastreamscaling.producer.generate;

import io.datastreamscaling.shared.order.Order;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends generated orders from its own thread, either at a fixed rate or as fast as the sink takes
 * them.
 *
 * <p>Fixed rate: the loop computes how many orders are due since it started and sends them all,
 * then sleeps until the next one is due. At 1 order/s that is one sleep per order; at 50,000/s it
 * sends a few hundred per wake-up instead of sleeping 20 µs per order (which the OS cannot do), and
 * after a stall it catches up, at most one second's worth at once. Unlimited rate: no pacing; the
 * sink's own bound (the producer's full buffer blocks {@code send}) paces the loop.
 *
 * <p>With a limit, the loop ends after that many orders and then runs its {@code onLimitReached}
 * action on its own thread (a benchmark's fixed amount of work).
 */
public final class GeneratorLoop implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(GeneratorLoop.class);
    private static final long NANOS_PER_SECOND = 1_000_000_000L;

    private final OrderGenerator generator;
    private final Consumer<Order> sink;
    private final double ratePerSecond;
    private final long maxOrders;
    private final Runnable onLimitReached;
    private final CountDownLatch stop = new CountDownLatch(1);
    private final Thread thread;

    /**
     * @param sink receives each order; it should not block except as backpressure. If it throws,
     *             the loop stops (the owner has been told of the cause through its own channel).
     */
    public GeneratorLoop(OrderGenerator generator, double ratePerSecond, Consumer<Order> sink, String threadName) {
        this(generator, ratePerSecond, Long.MAX_VALUE, () -> { }, sink, threadName);
    }

    /**
     * @param maxOrders      the loop ends after handing this many orders to the sink
     * @param onLimitReached runs on the loop's thread once the last of them was handed over (not if stopped earlier)
     */
    public GeneratorLoop(OrderGenerator generator, double ratePerSecond, long maxOrders, Runnable onLimitReached,
                         Consumer<Order> sink, String threadName) {
        this.generator = generator;
        this.sink = sink;
        this.ratePerSecond = ratePerSecond;
        this.maxOrders = maxOrders;
        this.onLimitReached = onLimitReached;
        this.thread = new Thread(this::run, threadName);
        this.thread.setDaemon(true);
    }

    public void start() {
        thread.start();
    }

    private void run() {
        try {
            long sent = Double.isInfinite(ratePerSecond) ? runUnlimited() : runPaced();
            if (sent == maxOrders) {
                onLimitReached.run();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            log.warn("generator stopped: {}", e.toString());
        }
    }

    /** Returns how many orders it handed to the sink. */
    private long runUnlimited() {
        long sent = 0;
        for (; sent < maxOrders && stop.getCount() > 0; sent++) {
            sink.accept(generator.next());
        }
        return sent;
    }

    /** Returns how many orders it handed to the sink. */
    private long runPaced() throws InterruptedException {
        long start = System.nanoTime();
        long sentSoFar = 0;
        long sent = 0;
        long burstLimit = Math.max(1, (long) ratePerSecond);
        while (stop.getCount() > 0 && sent < maxOrders) {
            long elapsed = System.nanoTime() - start;
            long due = (long) (elapsed / (double) NANOS_PER_SECOND * ratePerSecond) + 1;
            if (due - sentSoFar > burstLimit) {
                sentSoFar = due - burstLimit; // after a long stall, drop the backlog beyond one second's worth
            }
            for (; sentSoFar < due && sent < maxOrders && stop.getCount() > 0; sentSoFar++, sent++) {
                sink.accept(generator.next());
            }
            long nextDueAt = start + (long) (sentSoFar / ratePerSecond * NANOS_PER_SECOND);
            long wait = nextDueAt - System.nanoTime();
            if (wait > 0 && stop.await(wait, TimeUnit.NANOSECONDS)) {
                break;
            }
        }
        return sent;
    }

    /** Asks the loop to stop without waiting: safe from any thread, including the loop's own. */
    public void requestStop() {
        stop.countDown();
    }

    /** Stops sending and waits for the thread to end; after it returns, the sink gets no more orders. */
    public boolean stop(Duration timeout) {
        stop.countDown();
        try {
            thread.join(timeout.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return !thread.isAlive();
    }

    @Override
    public void close() {
        stop(Duration.ofSeconds(30));
    }
}

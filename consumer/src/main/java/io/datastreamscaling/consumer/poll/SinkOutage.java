package io.datastreamscaling.consumer.poll;

import io.datastreamscaling.consumer.offsets.RebalanceHandler;
import io.datastreamscaling.consumer.sink.OrderSink;
import io.datastreamscaling.consumer.sink.SinkUnavailableException;
import java.time.Duration;
import org.apache.kafka.clients.consumer.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The retriable-failure state machine: <em>running</em> → (sink or dead-letter topic unavailable)
 * <em>paused</em>, every partition paused while {@code poll()} keeps the group membership → (backoff
 * due, sink answers, waiting partitions started at their stored offsets) <em>running</em>.
 *
 * <p>Nothing is committed while paused: the loop has rewound the failed batch before {@link #begin}.
 * Used from the poll-loop thread; {@link #sinkAvailable()} and {@link #deadLetterAvailable()} are
 * read by the readiness checks.
 */
final class SinkOutage {
    private static final Logger log = LoggerFactory.getLogger(SinkOutage.class);

    private final Consumer<?, ?> consumer;
    private final OrderSink sink;
    private final RebalanceHandler rebalance;
    private final Backoff backoff;
    private volatile boolean paused;
    private volatile boolean sinkAvailable = true;
    private volatile boolean deadLetterAvailable = true;

    SinkOutage(Consumer<?, ?> consumer, OrderSink sink, RebalanceHandler rebalance, Duration backoff, Duration backoffMax) {
        this.consumer = consumer;
        this.sink = sink;
        this.rebalance = rebalance;
        this.backoff = new Backoff(backoff, backoffMax);
    }

    boolean paused() {
        return paused;
    }

    /** Readiness: false while the sink (not the dead-letter topic) is what failed. */
    boolean sinkAvailable() {
        return sinkAvailable;
    }

    /** Readiness: false from a failed dead-letter send until a batch is processed again. */
    boolean deadLetterAvailable() {
        return deadLetterAvailable;
    }

    /**
     * A batch was processed (its poison records acknowledged): the dead-letter topic takes writes. The
     * first batch after an outage is the rewound one that failed, so this is the proof it is back.
     */
    void batchProcessed() {
        deadLetterAvailable = true;
    }

    /**
     * Pauses every owned partition and schedules the next attempt; the caller has rewound the batch.
     *
     * @param sinkDown the sink failed (else the dead-letter topic did)
     */
    void begin(String cause, boolean sinkDown) {
        if (sinkDown) {
            sinkAvailable = false;
        } else {
            deadLetterAvailable = false;
        }
        paused = true;
        consumer.pause(consumer.assignment());
        Duration wait = backoff.schedule();
        log.warn("{}: paused {} partitions, nothing unwritten committed; retrying in {} ms", cause,
                consumer.assignment().size(), wait.toMillis());
    }

    /** While paused, keep partitions paused (a rebalance may add some) and resume when the backoff says so. */
    void resumeWhenDue() {
        consumer.pause(consumer.assignment());
        if (!backoff.due()) {
            return;
        }
        try {
            sink.checkAvailable();
        } catch (SinkUnavailableException e) {
            log.warn("sink still unavailable, next attempt in {} ms: {}", backoff.schedule().toMillis(), e.getMessage());
            return;
        }
        if (!rebalance.startAwaitingPartitions()) {
            backoff.schedule();
            return;
        }
        consumer.resume(consumer.assignment());
        paused = false;
        sinkAvailable = true;
        backoff.reset();
        log.info("sink available again: resumed {} partitions from the last written offsets", consumer.assignment().size());
    }
}

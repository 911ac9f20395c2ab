package io.datastreamscaling.consumer.poll;

import java.time.Duration;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** One summary line every few seconds instead of a line per record. */
final class ProgressLog {
    private static final Logger log = LoggerFactory.getLogger(ProgressLog.class);

    private final long intervalNanos;
    private long last = System.nanoTime();
    private long lastProcessed;

    ProgressLog(Duration interval) {
        this.intervalNanos = interval.toNanos();
    }

    void logIfDue(long processed, long deadLettered, LongSupplier lag, int partitions, boolean sinkAvailable) {
        long now = System.nanoTime();
        if (now - last < intervalNanos) {
            return;
        }
        double seconds = (now - last) / 1e9;
        log.info("processed {} orders ({}/s), dead-lettered {}, lag {}, {} partitions{}", processed,
                Math.round((processed - lastProcessed) / seconds), deadLettered, lag.getAsLong(), partitions,
                sinkAvailable ? "" : ", SINK UNAVAILABLE (paused)");
        last = now;
        lastProcessed = processed;
    }
}

package io.datastreamscaling.consumer.poll;

import io.datastreamscaling.consumer.deadletter.PoisonRecord;
import io.datastreamscaling.consumer.sink.ConsumedOrder;
import io.datastreamscaling.shared.metrics.MeterNames;
import io.datastreamscaling.shared.order.OrderDecodingException;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/** The consumer's application meters (names from {@link MeterNames}), looked up once. */
public final class ConsumerMeters {
    /** The latency meter's cap: 100 years, far beyond any real delay, far below a long's nanoseconds. */
    static final long MAX_LATENCY_SECONDS = 100L * 365 * 24 * 3600;

    private final MeterRegistry registry;
    private final Counter processed;
    private final Counter deadLettered;
    private final Counter undeliverable;
    private final DistributionSummary amount;
    private final Timer endToEndLatency;
    private final Counter sinkRows;
    private final Timer sinkBatch;
    private final Map<String, Counter> dlqByReason = new ConcurrentHashMap<>();

    public ConsumerMeters(MeterRegistry registry) {
        this.registry = registry;
        this.processed = consumed("processed");
        this.deadLettered = consumed("dead_lettered");
        // A poison record the dead-letter topic never takes: the consumer stops on it. Registered at
        // zero so an alert can fire on any increase.
        this.undeliverable = consumed("undeliverable");
        this.amount = DistributionSummary.builder(MeterNames.ORDER_AMOUNT)
                .description("Amounts of processed orders")
                .register(registry);
        this.endToEndLatency = Timer.builder(MeterNames.ORDER_END_TO_END_LATENCY)
                .description("From the order's createdAt to the moment it was processed")
                .publishPercentileHistogram()
                .minimumExpectedValue(Duration.ofMillis(1))
                .maximumExpectedValue(Duration.ofMinutes(10))
                .register(registry);
        this.sinkRows = Counter.builder(MeterNames.SINK_ROWS).description("Rows newly written by the sink").register(registry);
        this.sinkBatch = Timer.builder(MeterNames.SINK_BATCH).description("Time to write one poll batch").register(registry);
        // Registered at zero so a healthy consumer exports the series: the DLQ-rate panel and alert
        // then read 0, not "no data" (which looks the same as a consumer that is gone).
        OrderDecodingException.REASONS.forEach(this::dlqCounter);
        dlqCounter(PoisonRecord.REJECTED_BY_SINK);
    }

    private Counter dlqCounter(String reason) {
        return dlqByReason.computeIfAbsent(reason, r -> Counter.builder(MeterNames.DLQ_RECORDS).tag("reason", r)
                .description("Records sent to the dead-letter topic, by reason").register(registry));
    }

    private Counter consumed(String outcome) {
        return Counter.builder(MeterNames.ORDERS_CONSUMED).tag("outcome", outcome)
                .description("Orders consumed, by outcome").register(registry);
    }

    /** Called once per batch after the sink made it durable. */
    public void recordProcessed(List<ConsumedOrder> orders, int rowsWritten, long batchNanos) {
        Instant now = Instant.now();
        for (ConsumedOrder o : orders) {
            amount.record(o.order().amount().doubleValue());
            endToEndLatency.record(latencyNanos(o.order().createdAt(), now), TimeUnit.NANOSECONDS);
        }
        processed.increment(orders.size());
        sinkRows.increment(rowsWritten);
        sinkBatch.record(Duration.ofNanos(batchNanos));
    }

    /**
     * From {@code createdAt} to {@code now} in nanoseconds, clamped to [0, {@link #MAX_LATENCY_SECONDS}]:
     * a createdAt in the future counts 0 and one centuries old (or {@code Instant.MIN}-like) counts the
     * cap, instead of overflowing into a wrong sign. In nanoseconds rather than a Duration per order:
     * this runs for every order consumed.
     */
    static long latencyNanos(Instant createdAt, Instant now) {
        long seconds = now.getEpochSecond() - createdAt.getEpochSecond();
        // Both epoch seconds lie within ±3.2e16, so the difference itself cannot overflow.
        if (seconds < 0) {
            return 0;
        }
        if (seconds >= MAX_LATENCY_SECONDS) {
            return MAX_LATENCY_SECONDS * 1_000_000_000L;
        }
        return Math.max(0, seconds * 1_000_000_000L + (now.getNano() - createdAt.getNano()));
    }

    /** Called when a poison record can never be dead-lettered (the loop stops). */
    public void recordUndeliverable() {
        undeliverable.increment();
    }

    /** Called once per record the dead-letter topic acknowledged. */
    public void recordDeadLettered(String reason) {
        deadLettered.increment();
        dlqCounter(reason).increment();
    }

    public long processedCount() {
        return (long) processed.count();
    }

    public long deadLetteredCount() {
        return (long) deadLettered.count();
    }
}

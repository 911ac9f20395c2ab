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

/** The consumer's application meters (DESIGN.md names), looked up once. */
public final class ConsumerMeters {
    private final MeterRegistry registry;
    private final Counter processed;
    private final Counter deadLettered;
    private final DistributionSummary amount;
    private final Timer endToEndLatency;
    private final Counter sinkRows;
    private final Timer sinkBatch;
    private final Map<String, Counter> dlqByReason = new ConcurrentHashMap<>();

    public ConsumerMeters(MeterRegistry registry) {
        this.registry = registry;
        this.processed = consumed("processed");
        this.deadLettered = consumed("dead_lettered");
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
            Instant createdAt = o.order().createdAt();
            // In nanoseconds rather than a Duration per order: this loop runs for every order consumed.
            long latencyNanos = (now.getEpochSecond() - createdAt.getEpochSecond()) * 1_000_000_000L + (now.getNano() - createdAt.getNano());
            endToEndLatency.record(Math.max(0, latencyNanos), TimeUnit.NANOSECONDS);
        }
        processed.increment(orders.size());
        sinkRows.increment(rowsWritten);
        sinkBatch.record(Duration.ofNanos(batchNanos));
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

package io.datastreamscaling.streams;

import io.datastreamscaling.shared.metrics.MeterNames;
import io.datastreamscaling.shared.order.OrderDecodingException;
import io.datastreamscaling.streams.deadletter.DeadLetters;
import io.datastreamscaling.streams.topology.TopologyMeters;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * The application meters of the streams service, looked up once. Kafka Streams' own metrics
 * (including {@code dropped-records}) come through {@code KafkaStreamsMetrics} beside these.
 */
public final class StreamsMeters implements TopologyMeters {
    /** Counter: valid orders enriched ({@code orders_consumed_total{outcome="processed"}}). */
    public static final String OUTCOME_PROCESSED = "processed";
    /** Counter: final window results written to revenue.per-user.1m: {@code streams_windows_emitted_total}. */
    public static final String WINDOWS_EMITTED = "streams.windows.emitted";
    /** Counter: orders that arrived after their window closed (beyond grace): {@code streams_late_records_total}. */
    public static final String LATE_RECORDS = "streams.late.records";

    private final MeterRegistry registry;
    private final Counter processed;
    private final Counter windowsEmitted;
    private final Counter lateRecords;

    public StreamsMeters(MeterRegistry registry) {
        this.registry = registry;
        this.processed = Counter.builder(MeterNames.ORDERS_CONSUMED).tag("outcome", OUTCOME_PROCESSED)
                .description("Orders validated and enriched by the streams topology").register(registry);
        this.windowsEmitted = Counter.builder(WINDOWS_EMITTED)
                .description("Final per-user revenue windows emitted").register(registry);
        this.lateRecords = Counter.builder(LATE_RECORDS)
                .description("Orders left out of their revenue window because they arrived after its grace period")
                .register(registry);
        // Registered at zero so a healthy instance exports the series: a DLQ-rate panel or alert then
        // shows 0 rather than "no data", which would look the same as a missing service.
        for (String reason : OrderDecodingException.REASONS) {
            deadLettered(reason);
        }
        for (String reason : DeadLetters.REASONS) {
            deadLettered(reason);
        }
    }

    @Override
    public Counter processed() {
        return processed;
    }

    @Override
    public Counter windowsEmitted() {
        return windowsEmitted;
    }

    @Override
    public Counter lateRecords() {
        return lateRecords;
    }

    /** {@code dlq_records_total{reason}}; few reasons, so one lookup per dead letter is cheap. */
    public Counter deadLettered(String reason) {
        return Counter.builder(MeterNames.DLQ_RECORDS).tag("reason", reason)
                .description("Records sent to the dead-letter topic").register(registry);
    }
}

package io.datastreamscaling.shared.metrics;

/**
 * The application meters of docs/contract.md ("Metrics"), as Micrometer names. The Prometheus registry turns dots into
 * underscores and adds the unit and {@code _total} suffixes, so {@code orders.produced} is scraped as
 * {@code orders_produced_total}. Dashboards and alerts use the Prometheus names; a test keeps the two
 * lists in step.
 */
public final class MeterNames {
    /** Counter, tag {@code result} = {@code success} | {@code failure}: {@code orders_produced_total}. */
    public static final String ORDERS_PRODUCED = "orders.produced";
    /** Counter, tag {@code outcome} = {@code processed} | {@code dead_lettered} | …: {@code orders_consumed_total}. */
    public static final String ORDERS_CONSUMED = "orders.consumed";
    /** Distribution summary of order amounts: {@code order_amount}. */
    public static final String ORDER_AMOUNT = "order.amount";
    /** Timer with histogram buckets, createdAt → processed: {@code order_end_to_end_latency_seconds}. */
    public static final String ORDER_END_TO_END_LATENCY = "order.end.to.end.latency";
    /** Gauge, tags {@code topic}, {@code partition}: {@code consumer_lag_records}. */
    public static final String CONSUMER_LAG = "consumer.lag.records";
    /** Counter of rows written by a sink: {@code sink_rows_total}. */
    public static final String SINK_ROWS = "sink.rows";
    /** Timer per sink batch: {@code sink_batch_seconds}. */
    public static final String SINK_BATCH = "sink.batch";
    /** Counter, tag {@code reason}: {@code dlq_records_total}. */
    public static final String DLQ_RECORDS = "dlq.records";

    public static final String TAG_SERVICE = "service";

    private MeterNames() {
    }
}

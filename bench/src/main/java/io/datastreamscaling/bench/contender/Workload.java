package io.datastreamscaling.bench.contender;

/** What a contender is measured on; contenders of the same workload run alternately on the same broker. */
public enum Workload {
    /** Send pre-built orders as fast as acknowledged: records/s and MB/s. */
    PRODUCE("produce"),
    /** Read a pre-filled topic from the start: records/s and MB/s. */
    CONSUME("consume"),
    /** Producer to consumer latency of single orders: p50/p99/p99.9. */
    END_TO_END("end-to-end"),
    /**
     * The order API, one client sending one request at a time over one kept-alive connection:
     * per-request latency of {@code POST /orders} beside {@code GET /health/live} on the same connection.
     */
    API_SERIAL("api-serial"),
    /** The order API under many concurrent kept-alive clients: orders/s beside the trivial route's requests/s. */
    API_CONCURRENT("api-concur"),
    /** Write the same decoded orders into PostgreSQL, batch by batch: rows/s. */
    SINK("sink"),
    /** Write the same decoded orders into ClickHouse, batch by batch: rows/s. */
    CLICKHOUSE("clickhouse"),
    /** Run a pre-filled topic through the streams topology from the start: orders/s. */
    STREAMS("streams");

    private final String label;

    Workload(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }
}

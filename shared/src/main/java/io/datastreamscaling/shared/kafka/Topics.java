package io.datastreamscaling.shared.kafka;

import java.util.List;

/** The topic names of docs/contract.md ("Topics"), defined once. */
public final class Topics {
    /** Order events, keyed by userId. */
    public static final String ORDERS = "orders";
    /** Poison records with their original bytes and error headers. */
    public static final String ORDERS_DLQ = "orders.dlq";
    public static final String ORDERS_ENRICHED = "orders.enriched";
    public static final String ORDERS_HIGH_VALUE = "orders.high-value";
    public static final String REVENUE_PER_USER_1M = "revenue.per-user.1m";

    public static final List<String> ALL = List.of(ORDERS, ORDERS_DLQ, ORDERS_ENRICHED, ORDERS_HIGH_VALUE, REVENUE_PER_USER_1M);

    private Topics() {
    }
}

package io.datastreamscaling.consumer.sink.postgres;

import io.datastreamscaling.consumer.sink.ConsumedOrder;
import io.datastreamscaling.shared.order.Order;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;

/**
 * Writes a batch whose order ids may already be stored: COPY into a temporary staging table, then one
 * {@code INSERT … SELECT … ON CONFLICT (order_id) DO NOTHING} into {@code orders}, which skips every
 * order id already there or earlier in the batch. The sink takes this path only for a batch the
 * {@link DirectOrderWriter} could not write for a unique violation: it costs a second pass over the
 * rows (measured against a raw COPY into {@code orders}: see {@code docs/benchmarks.md}).
 */
final class StagedOrderWriter {
    private static final String COLUMNS = OrderCopyText.COLUMNS;
    /**
     * Per connection, created by the first batch that needs it (most connections never do); emptied at
     * every commit, so a rolled-back or committed batch leaves nothing behind.
     */
    private static final String CREATE_STAGING = "CREATE TEMP TABLE IF NOT EXISTS orders_staging (LIKE orders INCLUDING DEFAULTS) ON COMMIT DELETE ROWS";
    private static final String COPY = "COPY orders_staging (" + COLUMNS + ") FROM STDIN";
    private static final String MERGE = "INSERT INTO orders (" + COLUMNS + ") SELECT " + COLUMNS
            + " FROM orders_staging ON CONFLICT (order_id) DO NOTHING";
    private static final String INSERT_ONE = "INSERT INTO orders (" + COLUMNS + ")"
            + " VALUES (?::uuid, ?, ?::numeric, ?, ?::timestamptz, ?, ?, ?) ON CONFLICT (order_id) DO NOTHING";

    private StagedOrderWriter() {
    }

    /** Stages and inserts the orders inside the caller's transaction; returns the rows newly inserted (none for an id already stored). */
    static int write(Connection connection, List<ConsumedOrder> orders) throws SQLException {
        if (orders.isEmpty()) {
            return 0;
        }
        try (Statement st = connection.createStatement()) {
            st.execute(CREATE_STAGING);
            OrderCopy.copyIn(connection, COPY, OrderCopyText.of(orders));
            return st.executeUpdate(MERGE);
        }
    }

    /** One order with its own statement (used only to find which rows of a failed batch are bad). */
    static void insertOne(Connection connection, ConsumedOrder o) throws SQLException {
        try (PreparedStatement st = connection.prepareStatement(INSERT_ONE)) {
            Order order = o.order();
            st.setString(1, order.orderId().toString());
            st.setString(2, order.userId());
            st.setString(3, order.amount().toPlainString());
            st.setString(4, order.currency());
            st.setString(5, order.createdAt().toString());
            st.setString(6, o.topic());
            st.setInt(7, o.partition());
            st.setLong(8, o.offset());
            st.executeUpdate();
        }
    }
}

package io.datastreamscaling.consumer.sink.postgres;

import io.datastreamscaling.consumer.sink.ConsumedOrder;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;

/**
 * The sink's usual path: one {@code COPY} straight into {@code orders}, inside the caller's
 * transaction, as fast as PostgreSQL takes rows. COPY has no {@code ON CONFLICT}: an order id that
 * is already stored (or twice in the batch) fails the whole COPY with a unique violation, and the
 * sink then writes that batch through {@link StagedOrderWriter} instead.
 *
 * <p>Why that is rare enough to be the exception: in exactly-once mode the batch's offsets commit in
 * the same transaction as its rows, so a batch that reached the table is never read again; only an
 * order id sent twice from upstream (a producer retry without idempotence, a dead-letter replay)
 * conflicts. In at-least-once mode a batch re-delivered after a crash between the two commits does.
 */
final class DirectOrderWriter {
    private static final String COPY = "COPY orders (" + OrderCopyText.COLUMNS + ") FROM STDIN";

    private DirectOrderWriter() {
    }

    /** Copies the orders into {@code orders}; returns the rows written (all of them, or it throws). */
    static int write(Connection connection, List<ConsumedOrder> orders) throws SQLException {
        if (orders.isEmpty()) {
            return 0;
        }
        return Math.toIntExact(OrderCopy.copyIn(connection, COPY, OrderCopyText.of(orders)));
    }
}

package io.datastreamscaling.consumer.sink.postgres;

import io.datastreamscaling.consumer.sink.ConsumedOrder;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Savepoint;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * After a batch failed with a data error, finds which orders the database refuses: each is inserted
 * alone behind a savepoint, inside a transaction that is rolled back at the end. Slow (a statement per
 * row), but it runs only on this rare path, and the normal path stays one COPY per batch.
 */
final class RejectedRowFinder {
    private RejectedRowFinder() {
    }

    /** Orders refused with a data error, each with its error; nothing is written. */
    static Map<ConsumedOrder, Exception> find(Connection connection, List<ConsumedOrder> orders) throws SQLException {
        Map<ConsumedOrder, Exception> rejected = new LinkedHashMap<>();
        try {
            for (ConsumedOrder order : orders) {
                Savepoint savepoint = connection.setSavepoint();
                try {
                    StagedOrderWriter.insertOne(connection, order);
                    connection.releaseSavepoint(savepoint);
                } catch (SQLException e) {
                    if (!SqlErrors.isDataError(e)) {
                        throw e;
                    }
                    connection.rollback(savepoint);
                    rejected.put(order, e);
                }
            }
        } finally {
            connection.rollback();
        }
        return rejected;
    }
}

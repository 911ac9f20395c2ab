package io.datastreamscaling.local.verify;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;

/**
 * The orders the Postgres sink wrote: the {@code orders} table of the consumer's schema
 * ({@code consumer/src/main/resources/db/migration}). Its primary key makes a duplicated row
 * impossible; the verifier still counts rows against distinct ids, so a schema that lost its key
 * would show.
 */
final class TableSink {
    private static final String ROWS_IN_SOURCE_ORDER =
            "SELECT order_id::text FROM orders ORDER BY source_partition, source_offset";
    private static final String ROWS_SINCE_IN_SOURCE_ORDER =
            "SELECT order_id::text FROM orders WHERE ingested_at >= ? ORDER BY source_partition, source_offset";

    private TableSink() {
    }

    /**
     * @param jdbcUrl e.g. {@code jdbc:postgresql://127.0.0.1:5432/orders} ({@code ?currentSchema=}
     *                picks a schema); user and password come from the URL or {@code PGUSER}/{@code PGPASSWORD}
     */
    static List<String> read(String jdbcUrl, Properties credentials) throws SQLException {
        try (Connection connection = DriverManager.getConnection(jdbcUrl, credentials);
             Statement statement = connection.createStatement()) {
            connection.setReadOnly(true);
            connection.setAutoCommit(false); // lets the driver stream the rows in batches instead of loading all
            statement.setFetchSize(10_000);
            try (ResultSet rows = statement.executeQuery(ROWS_IN_SOURCE_ORDER)) {
                return ids(rows);
            } finally {
                connection.rollback();
            }
        }
    }

    /**
     * Only the rows written since {@code since} (the database's clock, {@code ingested_at}): a table
     * kept across runs also holds earlier runs' orders, which this run's acknowledgements do not list.
     */
    static List<String> readSince(String jdbcUrl, Properties credentials, Timestamp since) throws SQLException {
        try (Connection connection = DriverManager.getConnection(jdbcUrl, credentials);
             PreparedStatement statement = connection.prepareStatement(ROWS_SINCE_IN_SOURCE_ORDER)) {
            connection.setReadOnly(true);
            connection.setAutoCommit(false);
            statement.setFetchSize(10_000);
            statement.setTimestamp(1, since);
            try (ResultSet rows = statement.executeQuery()) {
                return ids(rows);
            } finally {
                connection.rollback();
            }
        }
    }

    private static List<String> ids(ResultSet rows) throws SQLException {
        List<String> ids = new ArrayList<>();
        while (rows.next()) {
            ids.add(rows.getString(1));
        }
        return ids;
    }
}

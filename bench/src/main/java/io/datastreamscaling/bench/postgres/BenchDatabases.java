package io.datastreamscaling.bench.postgres;

import io.datastreamscaling.local.database.ScratchDatabase;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * The bench's fresh PostgreSQL databases, one per measured group or round, so each starts from an empty
 * table (and is dropped afterwards). The server is {@code DB_URL} (its database part is replaced),
 * {@code DB_USER}, {@code DB_PASSWORD}, as for the consumer; by default the local one at 127.0.0.1:5432.
 */
public final class BenchDatabases {
    /**
     * Rows written so far, the database clock now, and the start of the last transaction that wrote
     * rows (seconds since the epoch; {@code ingested_at} is the transaction's start time).
     */
    public record Progress(long rows, double now, double lastWrite) {
    }

    private BenchDatabases() {
    }

    /** An empty database {@code name} on the server of {@code DB_URL}. */
    public static ScratchDatabase create(String name) throws SQLException {
        ScratchDatabase.Server server = ScratchDatabase.Server.of(System.getenv("DB_URL"), System.getenv("DB_USER"),
                System.getenv("DB_PASSWORD"));
        return ScratchDatabase.create(server, name);
    }

    /** Zero rows until the consumer has created its tables. */
    public static Progress progress(ScratchDatabase database) throws SQLException {
        try (Connection c = database.connect(); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery(
                     "SELECT count(*), extract(epoch FROM clock_timestamp()), extract(epoch FROM max(ingested_at)) FROM orders")) {
            rs.next();
            return new Progress(rs.getLong(1), rs.getDouble(2), rs.getDouble(3));
        } catch (SQLException e) {
            if ("42P01".equals(e.getSQLState())) { // undefined_table: not migrated yet
                return new Progress(0, System.currentTimeMillis() / 1e3, 0);
            }
            throw e;
        }
    }
}

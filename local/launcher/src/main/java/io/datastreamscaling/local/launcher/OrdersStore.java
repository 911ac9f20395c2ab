package io.datastreamscaling.local.launcher;

import io.datastreamscaling.consumer.sink.postgres.DatabaseSettings;
import io.datastreamscaling.local.postgres.EmbeddedPostgresServer;
import java.net.URI;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Properties;

/**
 * The PostgreSQL database the consumer's exactly-once sink writes to: the launcher's own embedded
 * server, or the one {@code DB_URL} names. Answers the status line (rows stored) and says how to open
 * it with psql; closing it stops the embedded server, if it is ours.
 */
final class OrdersStore implements AutoCloseable {
    /** Counting must never hold up the status line for long; a slow count shows as unknown. */
    private static final int COUNT_TIMEOUT_SECONDS = 2;

    private final DatabaseSettings database;
    private final Optional<EmbeddedPostgresServer> embedded;
    private Connection statusConnection;

    private OrdersStore(DatabaseSettings database, Optional<EmbeddedPostgresServer> embedded) {
        this.database = database;
        this.embedded = embedded;
    }

    static OrdersStore embedded(EmbeddedPostgresServer server) {
        return new OrdersStore(new DatabaseSettings(server.jdbcUrl(), EmbeddedPostgresServer.USER, ""), Optional.of(server));
    }

    /** The database of {@code DB_URL}, {@code DB_USER}, {@code DB_PASSWORD}. */
    static OrdersStore external(DatabaseSettings database) {
        return new OrdersStore(database, Optional.empty());
    }

    DatabaseSettings database() {
        return database;
    }

    boolean isEmbedded() {
        return embedded.isPresent();
    }

    /** One line for the start-up output: where the orders go. */
    String describe() {
        return embedded.map(s -> String.format("embedded PostgreSQL on localhost:%d (data in %s)", s.port(), s.dataDir()))
                .orElse("PostgreSQL at " + database.url() + " (DB_URL)");
    }

    /** The database's own clock: rows with {@code ingested_at} from here on were written by this run. */
    Timestamp now() throws SQLException {
        try (Connection c = connect(); Statement st = c.createStatement(); ResultSet rs = st.executeQuery("SELECT now()")) {
            rs.next();
            return rs.getTimestamp(1);
        }
    }

    /**
     * Rows in the orders table, or empty while the database does not answer (or before the consumer
     * created the table). Keeps one connection for the status line and opens a new one after a failure.
     */
    synchronized OptionalLong rows() {
        try {
            if (statusConnection == null || statusConnection.isClosed()) {
                statusConnection = connect();
            }
            try (Statement st = statusConnection.createStatement()) {
                st.setQueryTimeout(COUNT_TIMEOUT_SECONDS);
                try (ResultSet rs = st.executeQuery("SELECT count(*) FROM orders")) {
                    rs.next();
                    return OptionalLong.of(rs.getLong(1));
                }
            }
        } catch (SQLException e) {
            closeStatusConnection();
            return OptionalLong.empty();
        }
    }

    /** The psql command line that opens this database (a password, if any, is asked for, never printed). */
    String psqlCommand() {
        URI uri = URI.create(database.url().substring("jdbc:".length()));
        String host = uri.getHost() == null ? "localhost" : uri.getHost();
        String port = uri.getPort() < 0 ? "" : " -p " + uri.getPort();
        String path = uri.getPath() == null || uri.getPath().length() <= 1 ? "" : " " + uri.getPath().substring(1);
        return "psql -h " + host + port + " -U " + database.user() + path;
    }

    private Connection connect() throws SQLException {
        Properties props = new Properties();
        props.setProperty("user", database.user());
        props.setProperty("password", database.password());
        props.setProperty("connectTimeout", "5");
        return DriverManager.getConnection(database.url(), props);
    }

    private synchronized void closeStatusConnection() {
        if (statusConnection != null) {
            try {
                statusConnection.close();
            } catch (SQLException ignored) {
                // a broken connection: nothing left to release
            }
            statusConnection = null;
        }
    }

    /** Closes the status connection, then stops the embedded server (its data stays). */
    @Override
    public void close() {
        closeStatusConnection();
        embedded.ifPresent(EmbeddedPostgresServer::close);
    }
}

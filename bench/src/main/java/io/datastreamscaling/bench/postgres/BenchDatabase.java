package io.datastreamscaling.bench.postgres;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Objects;
import java.util.Properties;

/**
 * A fresh PostgreSQL database per measured group or round, so each starts from an empty table (and is
 * dropped afterwards). The server is {@code DB_URL} (its database part is replaced), {@code DB_USER},
 * {@code DB_PASSWORD}, as for the consumer; by default the local one at 127.0.0.1:5432.
 */
public final class BenchDatabase implements AutoCloseable {
    /**
     * Rows written so far, the database clock now, and the start of the last transaction that wrote
     * rows (seconds since the epoch; {@code ingested_at} is the transaction's start time).
     */
    public record Progress(long rows, double now, double lastWrite) {
    }

    private final String adminUrl;
    private final String user;
    private final String password;
    private final String name;

    private BenchDatabase(String adminUrl, String user, String password, String name) {
        this.adminUrl = adminUrl;
        this.user = user;
        this.password = password;
        this.name = name;
    }

    public static BenchDatabase create(String name) throws SQLException {
        String adminUrl = Objects.requireNonNullElse(System.getenv("DB_URL"), "jdbc:postgresql://127.0.0.1:5432/postgres");
        BenchDatabase db = new BenchDatabase(adminUrl, Objects.requireNonNullElse(System.getenv("DB_USER"), "postgres"),
                Objects.requireNonNullElse(System.getenv("DB_PASSWORD"), ""), name);
        try (Connection c = db.connect(adminUrl); Statement st = c.createStatement()) {
            st.execute("CREATE DATABASE " + name);
        }
        return db;
    }

    public String url() {
        return adminUrl.replaceFirst("^(jdbc:postgresql://[^/]+/)[^?]*", "$1" + name);
    }

    public String user() {
        return user;
    }

    public String password() {
        return password;
    }

    /** Zero rows until the consumer has created its tables. */
    public Progress progress() throws SQLException {
        try (Connection c = connect(url()); Statement st = c.createStatement();
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

    /** A connection to this database (the caller closes it). */
    public Connection connect() throws SQLException {
        return connect(url());
    }

    private Connection connect(String url) throws SQLException {
        Properties props = new Properties();
        props.setProperty("user", user);
        props.setProperty("password", password);
        props.setProperty("connectTimeout", "5");
        return DriverManager.getConnection(url, props);
    }

    @Override
    public void close() throws SQLException {
        try (Connection c = connect(adminUrl); Statement st = c.createStatement()) {
            st.execute("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
        }
    }
}

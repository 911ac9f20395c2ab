package io.datastreamscaling.local.database;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Properties;

/**
 * A PostgreSQL database of its own on a real server: created empty, dropped on {@link #close()}. A test
 * class's fixture (the consumer's {@code TestDatabase}) and a bench round's fresh {@code orders} table
 * both start from one of these, so neither inherits the rows or the offsets of a run before it.
 *
 * <pre>
 *   try (ScratchDatabase db = ScratchDatabase.create(Server.of(url, user, password), "sink_round_1")) {
 *       ... DB_URL=db.url() ...
 *   }
 * </pre>
 */
public final class ScratchDatabase implements AutoCloseable {
    /** The server of a development machine: 127.0.0.1:5432, trust authentication. */
    public static final String LOCAL_URL = "jdbc:postgresql://127.0.0.1:5432/postgres";
    /** The JDBC driver gives up on an unreachable server after this many seconds, instead of the OS's TCP timeout. */
    private static final String CONNECT_TIMEOUT_SECONDS = "5";

    /**
     * A PostgreSQL server and the account that may create and drop databases on it.
     *
     * @param adminUrl a JDBC URL naming a database that exists (usually {@code postgres}): where
     *                 {@code CREATE DATABASE} and {@code DROP DATABASE} run
     */
    public record Server(String adminUrl, String user, String password) {
        /** The given values, or for each one unset (null or blank): {@link #LOCAL_URL}, user {@code postgres}, no password. */
        public static Server of(String adminUrl, String user, String password) {
            return new Server(orElse(adminUrl, LOCAL_URL), orElse(user, "postgres"), orElse(password, ""));
        }

        /** A connection to {@code jdbcUrl} on this server as this user (the caller closes it). */
        public Connection connect(String jdbcUrl) throws SQLException {
            Properties props = new Properties();
            props.setProperty("user", user);
            props.setProperty("password", password);
            props.setProperty("connectTimeout", CONNECT_TIMEOUT_SECONDS);
            return DriverManager.getConnection(jdbcUrl, props);
        }

        /** {@code jdbcUrl} with its database replaced by {@code database} (host, port and parameters kept). */
        static String withDatabase(String jdbcUrl, String database) {
            return jdbcUrl.replaceFirst("^(jdbc:postgresql://[^/]+/)[^?]*", "$1" + database);
        }

        private static String orElse(String value, String fallback) {
            return value == null || value.isBlank() ? fallback : value;
        }
    }

    private final Server server;
    private final String name;

    private ScratchDatabase(Server server, String name) {
        this.server = server;
        this.name = name;
    }

    /**
     * Creates database {@code name} on {@code server}; throws what the server or the driver said when
     * it cannot (unreachable, refused, a database of that name already there).
     */
    public static ScratchDatabase create(Server server, String name) throws SQLException {
        try (Connection admin = server.connect(server.adminUrl()); Statement st = admin.createStatement()) {
            st.execute("CREATE DATABASE " + name);
        }
        return new ScratchDatabase(server, name);
    }

    public Server server() {
        return server;
    }

    public String name() {
        return name;
    }

    /** This database's JDBC URL: the server's with the database part replaced. */
    public String url() {
        return Server.withDatabase(server.adminUrl(), name);
    }

    public String user() {
        return server.user();
    }

    public String password() {
        return server.password();
    }

    /** A connection to this database (the caller closes it). */
    public Connection connect() throws SQLException {
        return server.connect(url());
    }

    /** Drops the database, ending the sessions still connected to it (a killed consumer's, say). */
    @Override
    public void close() throws SQLException {
        try (Connection admin = server.connect(server.adminUrl()); Statement st = admin.createStatement()) {
            st.execute("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
        }
    }
}

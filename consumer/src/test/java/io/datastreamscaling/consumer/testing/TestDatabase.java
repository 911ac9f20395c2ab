package io.datastreamscaling.consumer.testing;

import io.datastreamscaling.local.database.ScratchDatabase;
import java.net.URI;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Assumptions;

/**
 * A PostgreSQL database of its own for one test class: created on a real server, dropped afterwards
 * (a {@link ScratchDatabase}, the same as the bench's rounds use), with the queries the tests check with.
 *
 * <p>The server is {@code TEST_DB_URL} (else {@code DB_URL}, else {@code jdbc:postgresql://127.0.0.1:5432/postgres})
 * with {@code TEST_DB_USER}/{@code TEST_DB_PASSWORD} (default {@code postgres}, no password). When it
 * cannot be reached the tests are skipped with a message saying so, except in CI ({@code CI=true}),
 * where they fail: a CI run that silently skipped the database tests would prove nothing.
 */
public final class TestDatabase implements AutoCloseable {
    private final ScratchDatabase database;

    private TestDatabase(ScratchDatabase database) {
        this.database = database;
    }

    public static TestDatabase create(String prefix) {
        String adminUrl = firstSet(System.getenv("TEST_DB_URL"), System.getenv("DB_URL"));
        ScratchDatabase.Server server = ScratchDatabase.Server.of(adminUrl, System.getenv("TEST_DB_USER"), System.getenv("TEST_DB_PASSWORD"));
        String name = (prefix + "_" + UUID.randomUUID().toString().substring(0, 8)).toLowerCase(Locale.ROOT).replace('-', '_');
        try {
            return new TestDatabase(ScratchDatabase.create(server, name));
        } catch (SQLException e) {
            String message = "PostgreSQL is not reachable at " + server.adminUrl() + " (" + e.getMessage() + "). Start one, or point the"
                    + " tests at one with TEST_DB_URL=jdbc:postgresql://host:5432/postgres TEST_DB_USER=... TEST_DB_PASSWORD=...";
            if ("true".equalsIgnoreCase(System.getenv("CI"))) {
                throw new AssertionError(message, e);
            }
            return Assumptions.abort(message);
        }
    }

    /** The variables that point the consumer at this database. */
    public Map<String, String> env() {
        Map<String, String> env = new HashMap<>();
        env.put("DB_URL", database.url());
        env.put("DB_USER", database.user());
        env.put("DB_PASSWORD", database.password());
        return env;
    }

    public String url() {
        return database.url();
    }

    /** The server's host, e.g. for a proxy in front of it. */
    public String host() {
        return URI.create(url().substring("jdbc:".length())).getHost();
    }

    /** The server's port (5432 when the URL names none). */
    public int port() {
        int port = URI.create(url().substring("jdbc:".length())).getPort();
        return port < 0 ? 5432 : port;
    }

    /** The same database through another host:port (a proxy in front of the server). */
    public String urlVia(String hostAndPort) {
        return url().replaceFirst("//[^/]+/", "//" + hostAndPort + "/");
    }

    public Connection connect() throws SQLException {
        return database.connect();
    }

    /** A single number from a query, e.g. {@code count(*)}. */
    public long queryLong(String sql, Object... args) {
        try (Connection c = connect(); var st = c.prepareStatement(sql)) {
            for (int i = 0; i < args.length; i++) {
                st.setObject(i + 1, args[i]);
            }
            try (ResultSet rs = st.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        } catch (SQLException e) {
            throw new IllegalStateException(sql, e);
        }
    }

    /** The order ids stored from a topic; fails if one is stored twice. */
    public Set<UUID> orderIds(String topic) {
        List<UUID> ids = new ArrayList<>();
        try (Connection c = connect(); var st = c.prepareStatement("SELECT order_id FROM orders WHERE source_topic = ?")) {
            st.setString(1, topic);
            try (ResultSet rs = st.executeQuery()) {
                while (rs.next()) {
                    ids.add(rs.getObject(1, UUID.class));
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException("orders not readable", e);
        }
        Set<UUID> unique = new HashSet<>(ids);
        if (unique.size() != ids.size()) {
            throw new AssertionError((ids.size() - unique.size()) + " orders stored more than once");
        }
        return unique;
    }

    /** {@code kafka_offsets} of a group and topic, by partition. */
    public Map<Integer, Long> storedOffsets(String group, String topic) {
        Map<Integer, Long> offsets = new HashMap<>();
        try (Connection c = connect(); var st = c.prepareStatement(
                "SELECT partition, next_offset FROM kafka_offsets WHERE consumer_group = ? AND topic = ?")) {
            st.setString(1, group);
            st.setString(2, topic);
            try (ResultSet rs = st.executeQuery()) {
                while (rs.next()) {
                    offsets.put(rs.getInt(1), rs.getLong(2));
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException("kafka_offsets not readable (has the consumer migrated the schema yet?)", e);
        }
        return offsets;
    }

    @Override
    public void close() {
        try {
            database.close();
        } catch (SQLException e) {
            throw new IllegalStateException("cannot drop test database " + database.name(), e);
        }
    }

    private static String firstSet(String... values) {
        for (String v : values) {
            if (v != null && !v.isBlank()) {
                return v;
            }
        }
        return null;
    }
}

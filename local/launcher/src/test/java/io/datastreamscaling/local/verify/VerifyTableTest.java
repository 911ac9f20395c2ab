package io.datastreamscaling.local.verify;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.datastreamscaling.shared.order.Order;
import io.datastreamscaling.shared.order.OrderJson;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The verifier against the Postgres {@code orders} table, in a schema of its own. */
class VerifyTableTest {
    private static final String SERVER = "jdbc:postgresql://127.0.0.1:5432/test?user=postgres";
    // The consumer's table (consumer/src/main/resources/db/migration/V1__orders.sql), as the verifier reads it.
    private static final String ORDERS_TABLE = """
            CREATE TABLE orders (
                order_id uuid PRIMARY KEY, user_id varchar(128) NOT NULL, amount numeric(12,2) NOT NULL CHECK (amount > 0),
                currency char(3) NOT NULL, created_at timestamptz NOT NULL, source_topic text NOT NULL,
                source_partition integer NOT NULL, source_offset bigint NOT NULL, ingested_at timestamptz NOT NULL DEFAULT now())""";

    private static final String SCHEMA = "verify_" + UUID.randomUUID().toString().substring(0, 8);

    @TempDir
    Path dir;

    @BeforeAll
    static void createSchema() throws SQLException {
        try (Connection connection = connect(SERVER); Statement statement = connection.createStatement()) {
            statement.execute("CREATE SCHEMA " + SCHEMA);
            statement.execute("SET search_path TO " + SCHEMA);
            statement.execute(ORDERS_TABLE);
        }
    }

    @AfterAll
    static void dropSchema() throws SQLException {
        try (Connection connection = connect(SERVER); Statement statement = connection.createStatement()) {
            statement.execute("DROP SCHEMA IF EXISTS " + SCHEMA + " CASCADE");
        }
    }

    @Test
    void everyAcknowledgedOrderInTheTableIsAPassAndAnAbsentOneFails() throws Exception {
        List<Order> written = VerifyTest.orders(4);
        insert(written);
        List<String> acks = new ArrayList<>();
        for (int i = 0; i < written.size(); i++) {
            acks.add(VerifyTest.ackLine(written.get(i), 0, i));
        }
        Path complete = Files.write(dir.resolve("complete.jsonl"), acks);
        Order lost = VerifyTest.order("user-lost");
        acks.add(VerifyTest.ackLine(lost, 0, 99));
        Path withLost = Files.write(dir.resolve("with-lost.jsonl"), acks);

        ByteArrayOutputStream passOutput = new ByteArrayOutputStream();
        int pass = Verify.run(new String[] {"--acks", complete.toString(), "--db-url", tableUrl()}, print(passOutput));
        ByteArrayOutputStream failOutput = new ByteArrayOutputStream();
        int fail = Verify.run(new String[] {"--acks", withLost.toString(), "--db-url", tableUrl()}, print(failOutput));

        assertEquals(0, pass, passOutput.toString(StandardCharsets.UTF_8));
        JsonNode failed = lastJson(failOutput);
        assertEquals(1, fail, failOutput.toString(StandardCharsets.UTF_8));
        assertEquals("postgres", failed.get("sink").asText());
        assertEquals(4, failed.get("found").asLong());
        assertEquals(1, failed.get("missing").asLong());
        assertEquals(lost.orderId().toString(), failed.get("missingIds").get(0).asText());
        assertTrue(!failed.has("outOfOrderPerUser"), "order is the topic's promise, not the table's");
    }

    private static String tableUrl() {
        return SERVER + "&currentSchema=" + SCHEMA;
    }

    private static void insert(List<Order> orders) throws SQLException {
        try (Connection connection = connect(tableUrl());
             PreparedStatement insert = connection.prepareStatement("INSERT INTO orders (order_id, user_id, amount, currency,"
                     + " created_at, source_topic, source_partition, source_offset) VALUES (?, ?, ?, ?, ?, 'orders', 0, ?)")) {
            for (int i = 0; i < orders.size(); i++) {
                Order order = orders.get(i);
                insert.setObject(1, order.orderId());
                insert.setString(2, order.userId());
                insert.setBigDecimal(3, order.amount());
                insert.setString(4, order.currency());
                insert.setTimestamp(5, Timestamp.from(order.createdAt()));
                insert.setLong(6, i);
                insert.executeUpdate();
            }
        }
    }

    /** Skips with a reason when Postgres is not there, but fails in CI, where it must be. */
    private static Connection connect(String url) throws SQLException {
        try {
            return DriverManager.getConnection(url);
        } catch (SQLException e) {
            if ("true".equals(System.getenv("CI"))) {
                throw e;
            }
            Assumptions.abort("PostgreSQL not reachable at 127.0.0.1:5432 (" + e.getMessage() + "): skipped outside CI");
            throw e;
        }
    }

    private static PrintStream print(ByteArrayOutputStream to) {
        return new PrintStream(to, true, StandardCharsets.UTF_8);
    }

    private static JsonNode lastJson(ByteArrayOutputStream output) throws Exception {
        List<String> lines = output.toString(StandardCharsets.UTF_8).lines().toList();
        return OrderJson.mapper().readTree(lines.get(lines.size() - 1));
    }
}

package io.datastreamscaling.local.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.datastreamscaling.consumer.testing.TestDatabase;
import io.datastreamscaling.local.postgres.EmbeddedPostgresServer;
import io.datastreamscaling.shared.config.Env;
import io.datastreamscaling.shared.order.OrderJson;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The launcher's store: without {@code DB_URL} a real PostgreSQL of its own under the data directory,
 * filled exactly once by the consumer's sink, kept across runs and cleared by {@code --wipe}; with
 * {@code DB_URL} that database instead; with {@code --sink log} none.
 */
class LocalPlatformStoreTest {

    @Test
    void byDefaultEveryAcknowledgedOrderIsStoredExactlyOnceInTheEmbeddedPostgres(@TempDir Path dataDir) throws Exception {
        Run run = Run.of(Env.of(Map.of()), "--duration", "5", "--rate", "200", "--data-dir", dataDir.toString(), "--verify");

        assertEquals(0, run.exitCode, run::output);
        long acknowledged = run.summary.get("acknowledged").asLong();
        assertTrue(acknowledged > 300, "about 200 orders/s for 5 s were acknowledged, got " + acknowledged);
        assertEquals("postgres", run.summary.get("sink").asText());
        assertEquals(0, run.summary.get("tableMissing").asLong(), run::output);
        assertEquals(0, run.summary.get("tableDuplicated").asLong(), run::output);
        assertTrue(run.summary.get("offsetsAtLogEnd").asBoolean(), run::output);
        assertEquals(acknowledged, run.summary.get("rowsStored").asLong(), "a fresh table holds this run's orders");
        assertTrue(run.lines.stream().anyMatch(l -> l.contains("stored") && l.contains(" rows")), "the status line shows rows stored");
        assertTrue(run.summary.get("psql").asText().matches("psql -h localhost -p \\d+ -U postgres orders"), run::output);

        TableCount table = TableCount.ofEmbedded(dataDir);
        assertEquals(acknowledged, table.rows(), "rows in the server's data directory, counted apart from the launcher");
        assertEquals(table.rows(), table.distinctOrders(), "no order twice");
    }

    @Test
    void theRowsSurviveARestartAndWipeClearsThem(@TempDir Path dataDir) throws Exception {
        String[] keep = {"--duration", "3", "--rate", "100", "--data-dir", dataDir.toString(), "--verify"};

        Run first = Run.of(Env.of(Map.of()), keep);
        Run second = Run.of(Env.of(Map.of()), keep);
        long afterRestart = TableCount.ofEmbedded(dataDir).rows();
        Run wiped = Run.of(Env.of(Map.of()), with(keep, "--wipe"));
        long afterWipe = TableCount.ofEmbedded(dataDir).rows();

        assertEquals(0, first.exitCode, first::output);
        assertEquals(0, second.exitCode, second::output);
        assertEquals(0, wiped.exitCode, wiped::output);
        long firstOrders = first.summary.get("acknowledged").asLong();
        long secondOrders = second.summary.get("acknowledged").asLong();
        assertTrue(firstOrders > 0 && secondOrders > 0, "both runs produced orders");
        assertEquals(firstOrders + secondOrders, afterRestart, "the second run added its orders to the first run's rows");
        assertEquals(afterRestart, second.summary.get("rowsStored").asLong());
        assertTrue(second.summary.get("offsetsAtLogEnd").asBoolean(), "the restarted sink went on from its stored offsets: "
                + second.output());
        assertEquals(wiped.summary.get("acknowledged").asLong(), afterWipe, "--wipe started from an empty table");
    }

    @Test
    void withDbUrlTheOrdersGoToThatDatabaseAndNoServerIsStarted(@TempDir Path dataDir) throws Exception {
        try (TestDatabase database = TestDatabase.create("launcher_db_url")) {
            Run run = Run.of(Env.of(database.env()), "--duration", "3", "--rate", "100", "--data-dir", dataDir.toString(), "--verify");

            assertEquals(0, run.exitCode, run::output);
            long acknowledged = run.summary.get("acknowledged").asLong();
            assertEquals(acknowledged, database.queryLong("SELECT count(DISTINCT order_id) FROM orders"));
            assertEquals(acknowledged, database.queryLong("SELECT count(*) FROM orders"));
            assertTrue(run.summary.get("offsetsAtLogEnd").asBoolean(), run::output);
            assertEquals("psql -h " + database.host() + " -p " + database.port() + " -U " + database.env().get("DB_USER") + " "
                    + database.url().substring(database.url().lastIndexOf('/') + 1), run.summary.get("psql").asText());
            assertFalse(Files.exists(dataDir.resolve("postgres")), "no embedded server was started");
        }
    }

    @Test
    void theLogSinkStoresNothing(@TempDir Path dataDir) throws Exception {
        Run run = Run.of(Env.of(Map.of()), "--duration", "2", "--rate", "100", "--data-dir", dataDir.toString(), "--sink", "log");

        assertEquals(0, run.exitCode, run::output);
        assertEquals("log", run.summary.get("sink").asText());
        assertTrue(run.summary.get("rowsStored").isNull());
        assertTrue(run.summary.get("acknowledged").asLong() > 0);
        assertFalse(Files.exists(dataDir.resolve("postgres")), "no embedded server was started");
    }

    /** One launcher run in-process, on free ports, without the streams app (not what these tests are about). */
    private record Run(int exitCode, List<String> lines, JsonNode summary) {
        static Run of(Env env, String... options) throws Exception {
            String[] args = with(with(options, "--kafka-port", Integer.toString(freePort())),
                    "--ephemeral-ports", "--no-streams", "--status-every", "1");
            ByteArrayOutputStream captured = new ByteArrayOutputStream();
            int exitCode = LocalPlatform.run(args, env, new PrintStream(captured, true, StandardCharsets.UTF_8));
            List<String> lines = captured.toString(StandardCharsets.UTF_8).lines().toList();
            String last = lines.isEmpty() ? "{}" : lines.get(lines.size() - 1);
            JsonNode summary = last.startsWith("{") ? OrderJson.mapper().readTree(last) : OrderJson.mapper().createObjectNode();
            return new Run(exitCode, lines, summary);
        }

        String output() {
            return "launcher output:\n" + String.join("\n", lines);
        }
    }

    /** The orders table of a stopped launcher's embedded server, started again just to count. */
    private record TableCount(long rows, long distinctOrders) {
        static TableCount ofEmbedded(Path dataDir) throws Exception {
            try (EmbeddedPostgresServer server = EmbeddedPostgresServer.start(dataDir.resolve("postgres"), 0);
                 Connection c = DriverManager.getConnection(server.jdbcUrl(), EmbeddedPostgresServer.USER, "");
                 Statement st = c.createStatement();
                 ResultSet rs = st.executeQuery("SELECT count(*), count(DISTINCT order_id) FROM orders")) {
                rs.next();
                return new TableCount(rs.getLong(1), rs.getLong(2));
            }
        }
    }

    private static String[] with(String[] args, String... more) {
        List<String> all = new ArrayList<>(List.of(args));
        all.addAll(List.of(more));
        return all.toArray(String[]::new);
    }

    private static int freePort() throws Exception {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}

package io.datastreamscaling.local.chaos;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.datastreamscaling.local.launcher.LocalPlatform;
import io.datastreamscaling.shared.config.Env;
import io.datastreamscaling.shared.order.OrderJson;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The one command's {@code --chaos}, bounded: a real embedded broker, the run's own embedded PostgreSQL,
 * the consumer and the streams app as child JVMs. With the seed below the schedule holds one consumer
 * SIGKILL, one database cut and one streams SIGKILL while 200 orders/s flow; the run must end with every
 * acknowledged order in the topic and the table exactly once and the sink's offsets at the log end.
 */
@Tag("fault")
class ChaosRunTest {
    private static final long SEED = 19;

    @Test
    @Timeout(value = 12, unit = TimeUnit.MINUTES)
    void aConsumerKillADatabaseCutAndAStreamsKillLoseAndDuplicateNoOrder(@TempDir Path dataDir) throws Exception {
        String[] args = {"--chaos", "--duration", "50", "--chaos-seed", Long.toString(SEED), "--ephemeral-ports",
            "--kafka-port", Integer.toString(freePort()), "--data-dir", dataDir.toString(), "--status-every", "5"};
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        PrintStream out = new PrintStream(captured, true, StandardCharsets.UTF_8);

        int exitCode = LocalPlatform.run(args, Env.of(Map.of()), out);

        List<String> lines = captured.toString(StandardCharsets.UTF_8).lines().toList();
        String output = String.join("\n", lines);
        System.out.println(output);
        JsonNode summary = OrderJson.mapper().readTree(lines.get(lines.size() - 1));
        JsonNode chaos = summary.get("chaos");
        assertAll(
                () -> assertEquals(0, exitCode, "exit code"),
                () -> assertTrue(output.contains("verdict      PASSED: 0 missing, 0 duplicated"), "the verdict line"),
                () -> assertTrue(summary.get("acknowledged").asLong() > 1000, "orders flowed: " + summary.get("acknowledged")),
                () -> assertEquals(0, summary.get("tableMissing").asLong(), "missing in the table"),
                () -> assertEquals(0, summary.get("tableDuplicated").asLong(), "duplicated in the table"),
                () -> assertEquals(0, summary.get("missing").asLong(), "missing"),
                () -> assertEquals(0, summary.get("duplicated").asLong(), "duplicated"),
                () -> assertTrue(summary.get("offsetsAtLogEnd").asBoolean(), "the sink's offsets at the log end"),
                () -> assertEquals(SEED, chaos.get("seed").asLong()),
                () -> assertTrue(chaos.get("consumerKills").asInt() >= 1, "a consumer SIGKILL"),
                () -> assertTrue(chaos.get("streamsKills").asInt() >= 1, "a streams SIGKILL"),
                () -> assertTrue(chaos.get("databaseOutages").asInt() >= 1, "a database cut"),
                () -> assertEquals(chaos.get("consumerKills").asInt() + chaos.get("streamsKills").asInt(), chaos.get("restarts").asInt(),
                        "every killed service restarted"),
                () -> assertEquals(0, chaos.get("failures").size(), "every fault done and undone"),
                () -> assertTrue(lines.stream().anyMatch(l -> l.contains("CHAOS SIGKILL consumer")), "the consumer kill on the status output"),
                () -> assertTrue(lines.stream().anyMatch(l -> l.contains("CHAOS SIGKILL streams")), "the streams kill on the status output"),
                () -> assertTrue(lines.stream().anyMatch(l -> l.contains("CHAOS database connection cut")), "the cut on the status output"),
                () -> assertTrue(lines.stream().anyMatch(l -> l.contains("CHAOS database connection restored")), "the reconnect"));
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}

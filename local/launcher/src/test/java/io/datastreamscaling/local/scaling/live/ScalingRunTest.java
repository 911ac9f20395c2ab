package io.datastreamscaling.local.scaling.live;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.datastreamscaling.consumer.testing.TestDatabase;
import io.datastreamscaling.local.launcher.LocalPlatform;
import io.datastreamscaling.local.scaling.ScalingPolicySettings;
import io.datastreamscaling.shared.config.Env;
import io.datastreamscaling.shared.order.OrderJson;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The launcher's {@code --scale} mode end to end: real embedded broker, real PostgreSQL, the real
 * policy with small numbers so a short burst is a backlog worth two or more consumers, and a
 * stabilization window short enough to see them removed again within the run.
 */
class ScalingRunTest {
    private static TestDatabase database;

    @BeforeAll
    static void createDatabase() {
        database = TestDatabase.create("scaling_run");
    }

    @AfterAll
    static void dropDatabase() {
        if (database != null) {
            database.close();
        }
    }

    @Test
    void aBurstScalesTheGroupOutAndBackInAndEveryAcknowledgedOrderIsStoredOnce(@TempDir Path dataDir) throws Exception {
        Map<String, String> env = new HashMap<>(database.env());
        env.put(ScalingPolicySettings.LAG_THRESHOLD, "200");
        env.put(ScalingPolicySettings.SCALE_DOWN_STABILIZATION_MS, "3000");
        String[] args = {"--scale", "--sink", "postgres", "--data-dir", dataDir.toString(), "--wipe", "--ephemeral-ports",
            "--kafka-port", Integer.toString(freePort()), "--status-every", "1",
            // A fixed burst rate, not max: at max the backlog grows with the producer's speed (1.4 million
            // orders once the codec got faster) and its drain outlasted the cool-down on a slow machine.
            "--steady-rate", "50", "--burst-rate", "100000", "--warm-up", "4", "--burst", "5", "--cool-down", "15",
            "--drain-timeout", "60"};
        ByteArrayOutputStream captured = new ByteArrayOutputStream();

        int exitCode = LocalPlatform.run(args, Env.of(env), new PrintStream(captured, true, StandardCharsets.UTF_8));

        List<String> lines = captured.toString(StandardCharsets.UTF_8).lines().toList();
        String output = String.join("\n", lines);
        assertEquals(0, exitCode, () -> "exit code; output was:\n" + output);
        assertTrue(lines.stream().anyMatch(l -> l.contains("SCALE scale up")), () -> "scaled out at least once:\n" + output);
        assertTrue(lines.stream().anyMatch(l -> l.contains("SCALE scale down")), () -> "scaled in at least once:\n" + output);
        JsonNode summary = OrderJson.mapper().readTree(lines.get(lines.size() - 1));
        assertTrue(summary.get("maxInstances").asInt() >= 2, output);
        assertTrue(summary.get("acknowledged").asLong() > 0, output);
        assertEquals(0, summary.get("missing").asLong(), output);
        assertEquals(0, summary.get("duplicates").asLong(), output);
        assertEquals(summary.get("acknowledged").asLong(), summary.get("rows").asLong(), output);
        assertTrue(summary.get("offsetsMatch").asBoolean(), () -> "kafka_offsets == log-end offsets:\n" + output);
    }

    @Test
    void scaleOnlyOptionsWithoutScaleAreRejectedWithExitCode2() {
        assertEquals(2, LocalPlatform.run(new String[] {"--burst-rate", "max"}, Env.of(Map.of()), System.out));
        assertEquals(2, LocalPlatform.run(new String[] {"--scale", "--rate", "5"}, Env.of(Map.of()), System.out));
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

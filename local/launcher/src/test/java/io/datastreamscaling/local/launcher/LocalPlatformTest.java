package io.datastreamscaling.local.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.datastreamscaling.shared.config.Env;
import io.datastreamscaling.shared.order.OrderJson;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.HttpURLConnection;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LocalPlatformTest {

    @Test
    void aTimedRunProducesDrainsAndEndsWithAParsableSummary(@TempDir Path dataDir) throws Exception {
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        String[] args = {"--duration", "8", "--rate", "300", "--data-dir", dataDir.toString(), "--wipe",
            "--kafka-port", Integer.toString(freePort()), "--ephemeral-ports", "--status-every", "1"};

        int exitCode = LocalPlatform.run(args, Env.of(Map.of()), new PrintStream(captured, true, StandardCharsets.UTF_8));

        List<String> lines = captured.toString(StandardCharsets.UTF_8).lines().toList();
        assertEquals(0, exitCode, () -> "exit code; output was:\n" + String.join("\n", lines));
        assertTrue(lines.stream().anyMatch(l -> l.contains("produced") && l.contains("/s") && l.contains("lag")),
                "a live status line is printed");
        JsonNode summary = OrderJson.mapper().readTree(lines.get(lines.size() - 1));
        long acknowledged = summary.get("acknowledged").asLong();
        assertTrue(acknowledged > 1000, "about 300 orders/s for 8 s were acknowledged, got " + acknowledged);
        assertEquals(0, summary.get("lag").asLong(), "the consumer drained the topic");
        assertEquals(0, summary.get("failed").asLong());
        assertEquals(acknowledged, summary.get("consumed").asLong() + summary.get("dlq").asLong(),
                "every acknowledged order was consumed exactly once in a fresh run");
        assertTrue(summary.get("missing").isNull(), "not verified without --verify");
    }

    @Test
    void aVerifiedRunFindsEveryAcknowledgedOrderInTheTopicOnce(@TempDir Path dataDir) throws Exception {
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        String[] args = {"--duration", "5", "--rate", "200", "--data-dir", dataDir.toString(), "--wipe",
            "--kafka-port", Integer.toString(freePort()), "--ephemeral-ports", "--status-every", "1", "--verify"};

        int exitCode = LocalPlatform.run(args, Env.of(Map.of()), new PrintStream(captured, true, StandardCharsets.UTF_8));

        List<String> lines = captured.toString(StandardCharsets.UTF_8).lines().toList();
        assertEquals(0, exitCode, () -> "exit code; output was:\n" + String.join("\n", lines));
        JsonNode summary = OrderJson.mapper().readTree(lines.get(lines.size() - 1));
        JsonNode verification = lines.stream().filter(l -> l.startsWith("{\"sink\":\"topic\""))
                .map(LocalPlatformTest::json).findFirst()
                .orElseThrow(() -> new AssertionError("no verification line in:\n" + String.join("\n", lines)));
        long acknowledged = summary.get("acknowledged").asLong();
        assertTrue(acknowledged > 300, "about 200 orders/s for 5 s were acknowledged, got " + acknowledged);
        assertEquals(acknowledged, verification.get("acknowledged").asLong(), "one line per acknowledged order");
        assertEquals(0, summary.get("missing").asLong());
        assertEquals(0, summary.get("duplicated").asLong());
        assertEquals(0, verification.get("outOfOrderPerUser").asLong());
    }

    @Test
    void verifyWithoutADurationIsRejectedWithExitCode2() {
        assertEquals(2, LocalPlatform.run(new String[] {"--verify"}, Env.of(Map.of()), System.out));
    }

    @Test
    void startedInTheBackgroundItReturnsTheServicePortsAndStopsOnClose(@TempDir Path dataDir) throws Exception {
        String[] args = {"--rate", "50", "--data-dir", dataDir.toString(), "--wipe",
            "--kafka-port", Integer.toString(freePort()), "--ephemeral-ports", "--status-every", "60"};
        ByteArrayOutputStream captured = new ByteArrayOutputStream();

        RunningPlatform platform = LocalPlatform.startInBackground(args, Env.of(Map.of()),
                new PrintStream(captured, true, StandardCharsets.UTF_8));
        Map<String, Integer> ports = platform.httpPorts();
        Map<String, Integer> liveStatus = new TreeMap<>();
        ports.forEach((service, port) -> liveStatus.put(service, status("http://127.0.0.1:" + port + "/health/live")));
        platform.close();

        assertEquals(Set.of("producer", "consumer", "streams"), ports.keySet());
        assertEquals(Map.of("producer", 200, "consumer", 200, "streams", 200), liveStatus, "each service answers on its port");
        assertEquals(0, platform.awaitExitCode(Duration.ofSeconds(5)), captured.toString(StandardCharsets.UTF_8));
    }

    @Test
    void anUnknownOptionIsRejectedWithExitCode2() {
        assertEquals(2, LocalPlatform.run(new String[] {"--frobnicate"}, Env.of(Map.of()), System.out));
    }

    private static int status(String url) {
        try {
            HttpURLConnection connection = (HttpURLConnection) URI.create(url).toURL().openConnection();
            try {
                return connection.getResponseCode();
            } finally {
                connection.disconnect();
            }
        } catch (IOException e) {
            throw new UncheckedIOException(url, e);
        }
    }

    private static JsonNode json(String line) {
        try {
            return OrderJson.mapper().readTree(line);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static int freePort() throws Exception {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}

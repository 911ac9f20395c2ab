package io.datastreamscaling.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.datastreamscaling.bench.report.JsonReport;
import io.datastreamscaling.bench.workload.BenchTopics;
import io.datastreamscaling.local.broker.testing.TestKafka;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The harness on a tiny run: the reference tools and our producer (run from the classpath, as
 * producer.jar is not built before this module's tests), one run shared by the class, several checks.
 */
class BenchHarnessTest {
    private static final long RECORDS = 3_000;
    private static final long LATENCY_RECORDS = 50;

    @TempDir
    static Path tempDir;

    private static int exitCode;
    private static List<String> stdout;
    private static String stderr;
    private static JsonNode report;

    @BeforeAll
    static void runTinyBench() throws Exception {
        Path out = tempDir.resolve("report.json");
        String[] args = {"--quick", "--bootstrap", TestKafka.bootstrapServers(), "--out", out.toString(),
                "--records", Long.toString(RECORDS), "--latency-records", Long.toString(LATENCY_RECORDS),
                "--rounds", "3", "--footprint-seconds", "3", "--partitions", "3", "--project-dir", "..", "--ours", "producer"};
        ByteArrayOutputStream outBytes = new ByteArrayOutputStream();
        ByteArrayOutputStream errBytes = new ByteArrayOutputStream();

        exitCode = BenchMain.run(args, Map.of(), new PrintStream(outBytes, true, StandardCharsets.UTF_8),
                new PrintStream(errBytes, true, StandardCharsets.UTF_8));

        stdout = outBytes.toString(StandardCharsets.UTF_8).lines().toList();
        stderr = errBytes.toString(StandardCharsets.UTF_8);
        report = Files.exists(out) ? JsonReport.mapper().readTree(out.toFile()) : null;
    }

    @Test
    void tinyQuickRunSucceedsAndWritesItsReportFile() {
        assertEquals(0, exitCode, () -> "exit code; stderr:\n" + stderr + "\nstdout:\n" + String.join("\n", stdout));
        assertTrue(report != null, "the JSON report file was not written");
    }

    @Test
    void tableHasOneRowPerReferenceToolOursAndTheFootprint() {
        String table = String.join("\n", stdout);
        for (String row : List.of("produce     ProducerPerformance", "produce     ours", "consume     ConsumerPerformance",
                "end-to-end  EndToEndLatency", "footprint ProducerPerformance")) {
            assertTrue(table.contains(row), () -> "no row '" + row + "' in:\n" + table);
        }
    }

    @Test
    void everyWorkloadHasAMedianOfThreeMeasuredRoundsAfterADiscardedWarmUp() {
        Set<String> workloads = new java.util.HashSet<>();
        for (JsonNode summary : report.get("summary")) {
            workloads.add(summary.get("workload").asText());
            assertEquals(3, summary.get("rounds").asInt(), summary::toString);
            assertTrue(summary.get("medianRecordsPerSec").asDouble() > 0, summary::toString);
            if (summary.get("reference").asBoolean()) {
                assertEquals(1.0, summary.get("ratio").asDouble(), 1e-9, "a reference tool's ratio to itself");
            } else {
                assertTrue(summary.get("ratio").asDouble() > 0, () -> "ours beside ProducerPerformance: " + summary);
            }
        }
        assertEquals(Set.of("PRODUCE", "CONSUME", "END_TO_END"), workloads);
        long warmUps = count(report.get("rounds"), r -> r.get("round").asInt() == 0);
        assertEquals(4, warmUps, "one discarded warm-up round per contender and workload (produce: the tool and ours)");
    }

    @Test
    void countsReportedByTheToolsAndOursAreWhatIsOnTheirTopics() throws Exception {
        try (BenchTopics topics = new BenchTopics(TestKafka.bootstrapServers(), 1, "unused")) {
            for (JsonNode round : report.get("rounds")) {
                long expected = round.get("workload").asText().equals("END_TO_END") ? LATENCY_RECORDS : RECORDS;
                long reported = round.get("measurement").get("records").asLong();
                long onTopic = topics.records(round.get("topic").asText());
                assertEquals(expected, reported, round::toString);
                assertEquals(onTopic, reported, () -> "reported vs end offsets of " + round);
                assertTrue(round.get("countsMatch").asBoolean(), round::toString);
            }
            assertEquals(4, count(report.get("rounds"), r -> r.get("contender").asText().equals("ours")), "ours: warm-up + 3 rounds");
        }
    }

    @Test
    void lastStdoutLineIsTheReportAsOneJsonObject() throws Exception {
        JsonNode last = JsonReport.mapper().readTree(stdout.get(stdout.size() - 1));

        assertEquals(report, last);
        assertFalse(last.get("footprint").isEmpty(), "footprint measured");
        assertTrue(last.get("footprint").get(0).get("rssMiB").asDouble() > 0, last.get("footprint")::toString);
    }

    private static long count(JsonNode array, java.util.function.Predicate<JsonNode> predicate) {
        List<JsonNode> nodes = new ArrayList<>();
        array.forEach(nodes::add);
        return nodes.stream().filter(predicate).count();
    }
}

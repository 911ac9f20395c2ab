package io.datastreamscaling.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.datastreamscaling.bench.report.JsonReport;
import io.datastreamscaling.bench.workload.BenchTopics;
import io.datastreamscaling.consumer.testing.TestDatabase;
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
 * The harness on a tiny run: the reference tools, our producer, the sink workload (raw COPY and our
 * sink in both modes, on PostgreSQL) and our streams topology (each service from its jar when built,
 * else from the classpath), one run shared by the class, several checks.
 */
class BenchHarnessTest {
    private static final long RECORDS = 3_000;
    private static final long LATENCY_RECORDS = 50;
    private static final long SINK_ROWS = 2_500;
    private static final long STREAMS_RECORDS = 2_000;

    @TempDir
    static Path tempDir;

    private static int exitCode;
    private static List<String> stdout;
    private static String stderr;
    private static JsonNode report;

    @BeforeAll
    static void runTinyBench() throws Exception {
        // Skips the class on a laptop without PostgreSQL, with a message saying so; fails in CI.
        TestDatabase.create("bench_harness_probe").close();
        Path out = tempDir.resolve("report.json");
        String[] args = {"--quick", "--bootstrap", TestKafka.bootstrapServers(), "--out", out.toString(),
                "--records", Long.toString(RECORDS), "--latency-records", Long.toString(LATENCY_RECORDS),
                "--rounds", "3", "--footprint-seconds", "3", "--idle-footprint-seconds", "3", "--partitions", "3", "--project-dir", "..",
                "--ours", "producer,sink,streams", "--sink-rows", Long.toString(SINK_ROWS), "--sink-batch", "1000",
                "--streams-records", Long.toString(STREAMS_RECORDS)};
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
                "end-to-end  EndToEndLatency", "sink        raw COPY", "sink        ours exactly-once",
                "sink        ours at-least-once", "streams     ours", "footprint ProducerPerformance")) {
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
            } else if (summary.get("workload").asText().equals("STREAMS")) {
                assertTrue(summary.get("ratio").isNull(), () -> "streams has no reference to compare with: " + summary);
            } else {
                assertTrue(summary.get("ratio").asDouble() > 0, () -> "ours beside its reference: " + summary);
            }
        }
        assertEquals(Set.of("PRODUCE", "CONSUME", "END_TO_END", "SINK", "STREAMS"), workloads);
        long warmUps = count(report.get("rounds"), r -> r.get("round").asInt() == 0);
        assertEquals(8, warmUps, "one discarded warm-up round per contender and workload"
                + " (produce: the tool and ours; sink: COPY and both modes; streams)");
    }

    @Test
    void countsReportedByTheToolsAndOursAreWhatIsOnTheirTopics() throws Exception {
        try (BenchTopics topics = new BenchTopics(TestKafka.bootstrapServers(), 1, "unused")) {
            for (JsonNode round : report.get("rounds")) {
                String workload = round.get("workload").asText();
                long expected = switch (workload) {
                    case "END_TO_END" -> LATENCY_RECORDS;
                    case "SINK" -> SINK_ROWS;
                    case "STREAMS" -> STREAMS_RECORDS;
                    default -> RECORDS;
                };
                long reported = round.get("measurement").get("records").asLong();
                // A sink round's database is dropped once the harness has counted its rows.
                long atDestination = workload.equals("SINK") ? round.get("topicRecords").asLong()
                        : topics.records(round.get("topic").asText());
                assertEquals(expected, reported, round::toString);
                assertEquals(atDestination, reported, () -> "reported vs end offsets or table rows of " + round);
                assertTrue(round.get("countsMatch").asBoolean(), round::toString);
            }
            assertEquals(8, count(report.get("rounds"), r -> r.get("contender").asText().equals("ours")),
                    "ours: warm-up + 3 rounds of the producer and of streams");
        }
    }

    @Test
    void lastStdoutLineIsTheReportAsOneJsonObject() throws Exception {
        JsonNode last = JsonReport.mapper().readTree(stdout.get(stdout.size() - 1));

        assertEquals(report, last);
        assertFalse(last.get("footprint").isEmpty(), "footprint measured");
        assertTrue(last.get("footprint").get(0).get("rssMiB").asDouble() > 0, last.get("footprint")::toString);
        long atSpringBootRate = count(last.get("footprint"), f -> f.get("ratePerSec").asInt() == 1);
        assertEquals(1, atSpringBootRate, () -> "ProducerPerformance also measured at 1 record/s: " + last.get("footprint"));
    }

    private static long count(JsonNode array, java.util.function.Predicate<JsonNode> predicate) {
        List<JsonNode> nodes = new ArrayList<>();
        array.forEach(nodes::add);
        return nodes.stream().filter(predicate).count();
    }
}

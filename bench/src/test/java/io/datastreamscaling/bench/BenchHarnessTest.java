package io.datastreamscaling.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.datastreamscaling.bench.report.JsonReport;
import io.datastreamscaling.bench.workload.BenchTopics;
import io.datastreamscaling.consumer.testing.TestClickHouse;
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
 * The harness on a tiny run: the reference tools, our producer, our end-to-end rounds at the default
 * linger and at 0, the order API (serial and concurrent, beside the trivial route), the sink workload
 * (raw COPY and our sink in both modes, on PostgreSQL), the ClickHouse workload (raw TabSeparated insert
 * and our sink) and our streams topology beside the
 * pass-through reference (each service from its jar when built, else from the classpath), one run
 * shared by the class, several checks.
 *
 * <p>What it proves is that every workload, the JVM variants' training run and the report run end to
 * end and count what they claim; not speed. So one measured round per contender after the discarded
 * warm-up ({@code --quick} allows it): the median of several is {@code Stats}' job ({@code StatsTest}).
 */
class BenchHarnessTest {
    private static final long RECORDS = 3_000;
    private static final long LATENCY_RECORDS = 50;
    private static final long SINK_ROWS = 2_500;
    private static final long STREAMS_RECORDS = 2_000;
    private static final int LATENCY_RATE = 500;
    private static final int API_CLIENTS = 4;
    /** Measured rounds per contender, after the one discarded warm-up round. */
    private static final int ROUNDS = 1;

    @TempDir
    static Path tempDir;

    private static int exitCode;
    private static List<String> stdout;
    private static String stderr;
    private static JsonNode report;

    @BeforeAll
    static void runTinyBench() throws Exception {
        // Skips the class on a laptop without PostgreSQL or ClickHouse, with a message saying so; fails in CI.
        TestDatabase.create("bench_harness_probe").close();
        TestClickHouse.create("bench_harness_probe").close();
        Path out = tempDir.resolve("report.json");
        String[] args = {"--quick", "--bootstrap", TestKafka.bootstrapServers(), "--out", out.toString(),
                "--records", Long.toString(RECORDS), "--latency-records", Long.toString(LATENCY_RECORDS),
                "--rounds", Integer.toString(ROUNDS), "--footprint-seconds", "3", "--idle-footprint-seconds", "3", "--partitions", "3", "--project-dir", "..",
                "--sink-rows", Long.toString(SINK_ROWS), "--sink-batch", "1000",
                "--streams-records", Long.toString(STREAMS_RECORDS),
                "--latency-rates", Integer.toString(LATENCY_RATE), "--latency-seconds", "1", "--latency-warmup-seconds", "0",
                "--api-clients", Integer.toString(API_CLIENTS), "--api-requests", "50", "--api-seconds", "1",
                "--ours", "producer,latency,api,sink,clickhouse,streams", "--jvm-variants", "default,shipped"};
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
                "end-to-end  EndToEndLatency", "end-to-end  ours @500/s ", "end-to-end  ours @500/s linger 0",
                "api-serial  GET /health/live", "api-serial  POST /orders", "api-concur  GET /health/live", "api-concur  POST /orders",
                "api-concur  POST /orders linger 0", "api-concur  GET /health/live linger 0",
                "api-serial  KafkaProducer send().get()", "api-concur  KafkaProducer send().get() linger 0",
                "sink        raw COPY", "sink        ours exactly-once",
                "sink        ours at-least-once", "clickhouse  raw insert", "clickhouse  ours exactly-once", "streams     pass-through", "streams     ours", "footprint ProducerPerformance",
                "api serial kept-alive: POST /orders p50 vs linger.ms 5 + 2 ms",
                "api concurrent kept-alive: orders/s vs GET /health/live requests/s",
                "api serial kept-alive: POST /orders p50 vs linger.ms 0 + 2 ms",
                "api concurrent kept-alive, producer linger 0: orders/s vs GET /health/live requests/s",
                "api serial kept-alive at linger.ms 5: POST /orders p50 vs KafkaProducer send().get() p50, same settings",
                "api concurrent kept-alive at linger.ms 0: POST /orders/s vs KafkaProducer send().get() from as many threads",
                "end-to-end p99 ours @500/s linger 0 vs EndToEndLatency (linger 0), equal linger",
                "sink exactly-once vs raw COPY", "clickhouse sink exactly-once vs raw TabSeparated insert", "streams full topology vs pass-through")) {
            assertTrue(table.contains(row), () -> "no row '" + row + "' in:\n" + table);
        }
    }

    @Test
    void everyWorkloadIsSummarisedFromItsMeasuredRoundsAfterADiscardedWarmUp() {
        Set<String> workloads = new java.util.HashSet<>();
        for (JsonNode summary : report.get("summary")) {
            workloads.add(summary.get("workload").asText());
            assertEquals(ROUNDS, summary.get("rounds").asInt(), summary::toString);
            assertTrue(summary.get("medianRecordsPerSec").asDouble() > 0, summary::toString);
            if (summary.get("reference").asBoolean()) {
                assertEquals(1.0, summary.get("ratio").asDouble(), 1e-9, "a reference tool's ratio to itself");
            } else {
                assertTrue(summary.get("ratio").asDouble() > 0, () -> "ours beside its reference: " + summary);
            }
        }
        assertEquals(Set.of("PRODUCE", "CONSUME", "END_TO_END", "API_SERIAL", "API_CONCURRENT", "SINK", "CLICKHOUSE", "STREAMS"), workloads);
        long warmUps = count(report.get("rounds"), r -> r.get("round").asInt() == 0);
        assertEquals(25, warmUps, "one discarded warm-up round per contender and workload (produce: the tool and ours;"
                + " consume: the tool; end-to-end: the tool and ours at two lingers; api: both routes and the send().get() floor"
                + " in both phases at two lingers;"
                + " sink: COPY and both modes; clickhouse: raw insert and ours; streams: pass-through and ours)");
    }

    @Test
    void countsReportedByTheToolsAndOursAreWhatIsOnTheirTopics() throws Exception {
        try (BenchTopics topics = new BenchTopics(TestKafka.bootstrapServers(), 1, "unused")) {
            for (JsonNode round : report.get("rounds")) {
                String workload = round.get("workload").asText();
                if (workload.startsWith("API_")) {
                    continue; // its own test below: one topic carries both phases' orders
                }
                boolean ours = !round.get("reference").asBoolean();
                long expected = switch (workload) {
                    case "END_TO_END" -> ours ? LATENCY_RATE : LATENCY_RECORDS;
                    case "SINK", "CLICKHOUSE" -> SINK_ROWS;
                    case "STREAMS" -> STREAMS_RECORDS;
                    default -> RECORDS;
                };
                long reported = round.get("measurement").get("records").asLong();
                // A sink round's database is dropped once the harness has counted its rows.
                long atDestination = workload.equals("SINK") || workload.equals("CLICKHOUSE") ? round.get("topicRecords").asLong()
                        : topics.records(round.get("topic").asText());
                assertEquals(expected, reported, round::toString);
                assertEquals(atDestination, reported, () -> "reported vs end offsets or table rows of " + round);
                assertTrue(round.get("countsMatch").asBoolean(), round::toString);
            }
            assertEquals(2 * (1 + ROUNDS), count(report.get("rounds"), r -> r.get("contender").asText().equals("ours")),
                    "ours: warm-up + measured rounds of the producer and of streams");
        }
    }

    @Test
    void everyOrderTheApiAcknowledgedIsOnItsTopicAndEveryConnectionWasKeptAlive() throws Exception {
        try (BenchTopics topics = new BenchTopics(TestKafka.bootstrapServers(), 1, "unused")) {
            List<JsonNode> apiRounds = new ArrayList<>();
            report.get("rounds").forEach(r -> {
                if (r.get("workload").asText().startsWith("API_")) {
                    apiRounds.add(r);
                }
            });
            assertEquals(2 * 6 * (1 + ROUNDS), apiRounds.size(),
                    "the warm-up and the measured rounds of both routes and the floor in both phases, at the default linger and at 0");
            for (JsonNode round : apiRounds) {
                assertTrue(round.get("countsMatch").asBoolean(), () -> "every request answered as expected, every 202 on the topic: " + round);
                assertTrue(round.get("measurement").get("records").asLong() > 0, round::toString);
                if (round.get("workload").asText().equals("API_SERIAL")) {
                    assertTrue(round.get("measurement").get("latency").get("p50Ms").asDouble() > 0, round::toString);
                }
            }
            for (int r = 0; r <= ROUNDS; r++) {
                for (String orders : List.of("POST /orders", "POST /orders linger 0")) {
                    int n = r;
                    List<JsonNode> ofRound = apiRounds.stream().filter(x -> x.get("round").asInt() == n && x.get("contender").asText().equals(orders))
                            .toList();
                    long acknowledged = ofRound.stream().mapToLong(x -> x.get("measurement").get("records").asLong()).sum();
                    String topic = ofRound.get(0).get("topic").asText();
                    assertEquals(topics.records(topic), acknowledged, "202 answers of " + orders + " round " + r + " vs the end offsets of " + topic);
                }
                for (String floor : List.of("KafkaProducer send().get()", "KafkaProducer send().get() linger 0")) {
                    int n = r;
                    // The serial row carries every acknowledgement of the floor's run (warm-up, serial, concurrent).
                    JsonNode serial = apiRounds.stream().filter(x -> x.get("round").asInt() == n && x.get("contender").asText().equals(floor)
                            && x.get("workload").asText().equals("API_SERIAL")).findFirst().orElseThrow();
                    String topic = serial.get("topic").asText();
                    assertEquals(topics.records(topic), serial.get("measurement").get("records").asLong(),
                            "acknowledged sends of " + floor + " round " + r + " vs the end offsets of " + topic);
                }
            }
        }
        long keptAlive = stdout.stream().filter(line -> line.contains((API_CLIENTS + 1) + " TCP connections opened by 1 + " + API_CLIENTS + " clients")).count();
        assertEquals(2 * (1 + ROUNDS), keptAlive, () -> "one connection per client in every api round:\n" + String.join("\n", stdout));
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

    @Test
    void theProducerAsShippedIsLaunchedBesideTheJvmDefaultsWithAnArchiveFromATrainingRunOfThisRun() throws Exception {
        JsonNode variants = report.get("jvmVariants");

        assertEquals(2, variants.size(), variants::toString);
        assertEquals("default", variants.get(0).get("variant").asText());
        assertEquals("none", variants.get(0).get("archive").asText());
        assertEquals("shipped", variants.get(1).get("variant").asText());
        assertTrue(variants.get(1).get("archive").asText().startsWith("dynamic CDS archive"), variants.get(1)::toString);
        for (JsonNode variant : variants) {
            assertTrue(variant.get("startMs").get(0).asLong() > 0, () -> "first order acknowledged: " + variant);
            assertTrue(variant.get("rssMiB").get(0).asDouble() > 0, variant::toString);
        }
        String table = String.join("\n", stdout);
        for (String row : List.of("start-up as shipped at 1/s: launch -> first acknowledged order vs ProducerPerformance's first record",
                "RSS as shipped at 1/s after 3 s vs ProducerPerformance", "| ratio | ours | reference | ratio | target | |",
                "| `shipped` (")) {
            assertTrue(table.contains(row), () -> "no row '" + row + "' in:\n" + table);
        }
    }

    private static long count(JsonNode array, java.util.function.Predicate<JsonNode> predicate) {
        List<JsonNode> nodes = new ArrayList<>();
        array.forEach(nodes::add);
        return nodes.stream().filter(predicate).count();
    }
}

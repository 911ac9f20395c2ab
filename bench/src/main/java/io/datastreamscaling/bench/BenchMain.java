package io.datastreamscaling.bench;

import io.datastreamscaling.bench.clickhouse.BenchClickHouse;
import io.datastreamscaling.bench.footprint.JarSizes;
import io.datastreamscaling.bench.footprint.SpringBootComparison;
import io.datastreamscaling.bench.ours.OurServices;
import io.datastreamscaling.bench.report.BenchReport;
import io.datastreamscaling.bench.report.ConsoleTable;
import io.datastreamscaling.bench.report.JsonReport;
import io.datastreamscaling.bench.report.Machine;
import io.datastreamscaling.bench.report.Summary;
import io.datastreamscaling.bench.report.Target;
import io.datastreamscaling.bench.run.BenchOptions;
import io.datastreamscaling.bench.run.BenchPlan;
import io.datastreamscaling.bench.run.BenchRun;
import io.datastreamscaling.bench.workload.BenchProducerSettings;
import io.datastreamscaling.local.broker.BrokerLogging;
import io.datastreamscaling.local.broker.EmbeddedKafkaBroker;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One command that measures our services beside Kafka's own tools on the same broker, in the same
 * run, and prints medians and ratios: a table for people, then one JSON line for scripts (the same
 * object as the report file).
 *
 * <pre>
 *   java -jar bench/target/bench.jar --quick          # about 3 minutes, a fresh embedded broker
 *   java -jar bench/target/bench.jar                  # full: 1 min warm-up, longer rounds
 *   java -jar bench/target/bench.jar --bootstrap kafka:9092
 * </pre>
 *
 * Exit codes: 0 done, 1 a contender failed or a count did not match its topic, 2 bad arguments.
 */
public final class BenchMain {
    private static final String SINK_LOG_LEVEL = "org.slf4j.simpleLogger.log.io.datastreamscaling.consumer";
    private static final DateTimeFormatter TIMESTAMP = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss");

    private BenchMain() {
    }

    public static void main(String[] args) {
        System.exit(run(args, System.getenv(), System.out, System.err));
    }

    public static int run(String[] args, Map<String, String> env, PrintStream out, PrintStream err) {
        // The sink workload runs the consumer's sink in this JVM: its per-database "applied migration"
        // lines would interleave the progress lines (set the property to see them).
        if (System.getProperty(SINK_LOG_LEVEL) == null) {
            System.setProperty(SINK_LOG_LEVEL, "warn");
        }
        BenchOptions options;
        try {
            options = BenchOptions.parse(Arrays.asList(args), env);
        } catch (IllegalArgumentException e) {
            err.println("bench: " + e.getMessage() + " (see docs/benchmarks.md for the options)");
            return 2;
        }
        try {
            String startedAt = ZonedDateTime.now(ZoneOffset.UTC).format(TIMESTAMP);
            Path file = options.reportFile(startedAt);
            // The payload file and client configs stay beside the report: the exact inputs of the run.
            Path workDir = Files.createDirectories(file.toAbsolutePath().resolveSibling(startedAt + "-inputs"));
            BenchReport report = measure(options, startedAt, workDir, out);
            JsonReport.write(report, file);
            ConsoleTable.print(report, out);
            out.println("report: " + file);
            out.println(JsonReport.oneLine(report));
            if (!report.countsMatch()) {
                err.println("bench: a contender reported a count that differs from what is on its topic (see the rounds in " + file + ")");
                return 1;
            }
            return 0;
        } catch (Exception e) {
            err.println("bench: failed: " + e);
            e.printStackTrace(err);
            return 1;
        }
    }

    private static BenchReport measure(BenchOptions options, String startedAt, Path workDir, PrintStream out) throws Exception {
        Machine machine = Machine.current();
        EmbeddedKafkaBroker broker = null;
        try {
            String bootstrap = options.bootstrap();
            if (bootstrap == null) {
                BrokerLogging.quietUnlessConfigured();
                broker = EmbeddedKafkaBroker.start(EmbeddedKafkaBroker.Settings.temporary());
                bootstrap = broker.bootstrapServers();
            }
            out.printf("bench %s against %s%n", options.quick() ? "--quick" : "full", broker != null ? "a fresh embedded broker" : bootstrap);
            OurServices ours = new OurServices(options.projectDir());
            BenchPlan plan = BenchPlan.of(ours, options.ours(), options.latencyRates(), options.latencyLingers(),
                    options.latencySeconds(), options.latencyWarmupSeconds());
            BenchRun.Results results = new BenchRun(options, plan, bootstrap, workDir, out).run(startedAt);

            Map<String, Object> settings = new LinkedHashMap<>();
            settings.put("broker", broker != null ? "embedded (fresh, temp dir)" : bootstrap);
            settings.put("recordSizeBytes", results.recordSize());
            settings.put("recordsPerRound", options.records());
            settings.put("latencyRecordsPerRound", options.latencyRecords());
            settings.put("measuredRounds", options.rounds());
            settings.put("warmupSeconds", options.warmupSeconds());
            settings.put("partitions", options.partitions());
            settings.put("producer", BenchProducerSettings.asProperties());
            settings.put("producerAtLinger0", BenchProducerSettings.forLinger(0)); // the latency profile, every side alike
            settings.put("ours", options.ours());
            settings.put("oursLaunchedAs", ours.launchedAs());
            settings.put("oursLatencyRates", options.latencyRates());
            settings.put("oursLatencyLingersMs", options.latencyLingers());
            settings.put("oursLatencySeconds", options.latencySeconds());
            settings.put("apiClients", options.apiClients());
            settings.put("apiRequestsPerPhase", options.apiRequests());
            settings.put("apiSecondsPerPhase", options.apiSeconds());
            settings.put("oursLatencyWarmupSeconds", options.latencyWarmupSeconds());
            settings.put("sinkRowsPerRound", options.sinkRows());
            settings.put("sinkRowsPerBatch", options.sinkBatch());
            settings.put("clickHouse", BenchClickHouse.fromEnvironment(System.getenv()).url().toString());
            settings.put("streamsRecordsPerRound", options.streamsRecords());
            settings.put("jvmVariants", options.jvmVariants());
            settings.put("jvmVariantLaunches", options.jvmVariantLaunches());
            Map<String, Double> jars = JarSizes.of(options.projectDir());
            List<Summary> summary = Summary.of(results.rounds());
            return new BenchReport(startedAt, options.quick() ? "quick" : "full", machine, settings,
                    summary, results.rounds(), results.footprints(), results.jvmVariants(), jars,
                    SpringBootComparison.of(results.footprints(), jars), Target.of(summary, results.footprints(), results.jvmVariants()),
                    Machine.current().loadAverage1m());
        } finally {
            if (broker != null) {
                broker.close();
            }
        }
    }
}

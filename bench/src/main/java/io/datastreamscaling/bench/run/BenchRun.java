package io.datastreamscaling.bench.run;

import io.datastreamscaling.bench.api.CpuPerAnswer;
import io.datastreamscaling.bench.api.OrderApiRound;
import io.datastreamscaling.bench.api.SendGetFloor;
import io.datastreamscaling.bench.clickhouse.BenchClickHouse;
import io.datastreamscaling.bench.clickhouse.ClickHouseRounds;
import io.datastreamscaling.bench.contender.Contender;
import io.datastreamscaling.bench.contender.Latency;
import io.datastreamscaling.bench.contender.LingerNames;
import io.datastreamscaling.bench.contender.RoundContext;
import io.datastreamscaling.bench.contender.Workload;
import io.datastreamscaling.bench.footprint.Footprint;
import io.datastreamscaling.bench.footprint.JvmVariant;
import io.datastreamscaling.bench.footprint.JvmVariants;
import io.datastreamscaling.bench.footprint.VariantFootprint;
import io.datastreamscaling.bench.ours.ProducerJvmVariants;
import io.datastreamscaling.bench.footprint.SpringBootComparison;
import io.datastreamscaling.bench.sink.SinkBatches;
import io.datastreamscaling.bench.sink.SinkRounds;
import io.datastreamscaling.bench.workload.BenchProducerSettings;
import io.datastreamscaling.bench.workload.BenchTopics;
import io.datastreamscaling.bench.workload.OrderPayloads;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * One run on one broker: produce, consume, end-to-end, order API, sink (PostgreSQL, ClickHouse) and streams workloads, each a warm-up
 * round and then alternating measured rounds, and the footprint at a fixed rate and at the Spring Boot
 * figures' 1 record/s.
 */
public final class BenchRun {
    /** Distinct orders in the payload file and the pre-filled topic; the producers cycle through them. */
    static final int PAYLOAD_ORDERS = 10_000;
    /** Event time between two orders of the streams input: 1,000 orders per second, as the producer's default rate. */
    private static final Duration STREAMS_EVENT_SPACING = Duration.ofMillis(1);
    /** The contenders of the order API workload: the trivial route is the reference. */
    public static final String HEALTH = "GET /health/live";
    public static final String ORDERS = "POST /orders";

    private final BenchOptions options;
    private final BenchPlan plan;
    private final String bootstrapServers;
    private final Path workDir;
    private final PrintStream progress;
    private final long createdNanos = System.nanoTime();

    public BenchRun(BenchOptions options, BenchPlan plan, String bootstrapServers, Path workDir, PrintStream progress) {
        this.options = options;
        this.plan = plan;
        this.bootstrapServers = bootstrapServers;
        this.workDir = workDir;
        this.progress = progress;
    }

    /** What every contender shares in this run. */
    public record Results(int recordSize, List<RoundResult> rounds, List<Footprint> footprints, List<VariantFootprint> jvmVariants) {
    }

    public Results run(String runId) throws Exception {
        long started = System.nanoTime();
        OrderPayloads payloads = OrderPayloads.generate(PAYLOAD_ORDERS);
        Path payloadFile = payloads.writeTo(workDir.resolve("orders.jsonl"));
        int recordSize = payloads.averageSize();
        List<RoundResult> rounds = new ArrayList<>();
        try (BenchTopics topics = new BenchTopics(bootstrapServers, options.partitions(), runId)) {
            RoundFactory fresh = (purpose, records) -> (contender, round) -> new RoundContext(bootstrapServers,
                    topics.create(purpose), records, round, payloadFile, recordSize, workDir);

            Alternation produce = new Alternation(fresh.rounds("produce", options.records()), topics::records, this::report);
            List<Contender> producers = plan.of(Workload.PRODUCE);
            // A fresh broker is up to 40 % slower in its first minute: keep discarding rounds until it is warm.
            do {
                rounds.addAll(produce.round(producers, 0));
            } while (Duration.ofNanos(System.nanoTime() - started).compareTo(options.warmup()) < 0);
            for (int round = 1; round <= options.rounds(); round++) {
                rounds.addAll(produce.round(producers, round));
            }

            String prefilled = topics.prefilled(payloads, options.records());
            Alternation.RoundSetup sameTopic = (contender, round) -> new RoundContext(bootstrapServers, prefilled,
                    options.records(), round, payloadFile, recordSize, workDir);
            rounds.addAll(new Alternation(sameTopic, topics::records, this::report).run(plan.of(Workload.CONSUME), options.rounds()));

            Alternation latency = new Alternation(fresh.rounds("latency", options.latencyRecords()), topics::records, this::report);
            rounds.addAll(latency.run(plan.of(Workload.END_TO_END), options.rounds()));

            if (plan.orderApi() != null) {
                rounds.addAll(orderApi(fresh.rounds("api", 0), topics::records));
            }

            if (plan.sink() || plan.clickHouse()) {
                // The same rows in the same batches for both stores.
                SinkBatches batches = SinkBatches.generate(options.sinkRows(), options.sinkBatch(), options.partitions());
                if (plan.sink()) {
                    try (SinkRounds sink = new SinkRounds(batches, runId)) {
                        rounds.addAll(new Alternation(sink::prepare, sink::rowsThenDrop, this::report)
                                .run(BenchPlan.sinkContenders(sink), options.rounds()));
                    }
                }
                if (plan.clickHouse()) {
                    rounds.addAll(clickHouse(batches, runId));
                }
            }

            List<Contender> streams = plan.of(Workload.STREAMS);
            if (!streams.isEmpty()) {
                // Its own input: distinct orders whose event time moves at 1,000/s, so windows close and emit.
                OrderPayloads streamsInput = OrderPayloads.withEventTimes(options.streamsRecords(), STREAMS_EVENT_SPACING);
                String streamsTopic = topics.prefilled(streamsInput, options.streamsRecords());
                Alternation.RoundSetup streamsTopicRounds = (contender, round) -> new RoundContext(bootstrapServers, streamsTopic,
                        options.streamsRecords(), round, payloadFile, streamsInput.averageSize(), workDir);
                rounds.addAll(new Alternation(streamsTopicRounds, topics::records, this::report).run(streams, options.rounds()));
            }

            List<Footprint> footprints = new ArrayList<>();
            if (options.footprintSeconds() > 0) {
                for (BenchPlan.FootprintRun footprint : plan.footprints()) {
                    RoundContext context = fresh.rounds("footprint", 0).prepare(null, 1);
                    footprints.addAll(footprint.measure(context, options.footprintRate(), Duration.ofSeconds(options.footprintSeconds())));
                }
            }
            if (options.idleFootprintSeconds() > 0) {
                for (BenchPlan.FootprintRun footprint : plan.footprints()) {
                    RoundContext context = fresh.rounds("footprint-idle", 0).prepare(null, 1);
                    footprints.addAll(footprint.measure(context, SpringBootComparison.RATE_PER_SEC,
                            Duration.ofSeconds(options.idleFootprintSeconds())));
                }
            }
            List<VariantFootprint> variants = jvmVariants(() -> fresh.rounds("jvm-variant", 0).prepare(null, 1));
            return new Results(recordSize, rounds, footprints, variants);
        }
    }

    /**
     * Our producer launched each of {@code --jvm-variants}' ways (JDK, flags, class archive) at the
     * Spring Boot figures' 1 order/s: the start-up and memory pairs, all from this run.
     */
    private List<VariantFootprint> jvmVariants(ProducerJvmVariants.Topics topics) throws Exception {
        if (plan.jvmVariants() == null || options.jvmVariants().isEmpty()) {
            return List.of();
        }
        if (options.idleFootprintSeconds() == 0) {
            progress.println("jvm variants: skipped, --idle-footprint-seconds 0 (their RSS is read then)");
            return List.of();
        }
        List<String> missing = new ArrayList<>();
        List<JvmVariant> variants = JvmVariants.of(options.jvmVariants(), options.jdk25(), missing);
        if (!missing.isEmpty()) {
            progress.println("jvm variants: left out " + missing + ", no JDK 25 found (--jdk25 DIR or JDK25_HOME)");
        }
        return new ProducerJvmVariants(plan.jvmVariants(), progress).measure(variants, topics, workDir,
                options.jvmVariantLaunches(), Duration.ofSeconds(options.idleFootprintSeconds()));
    }

    /**
     * The ClickHouse workload, when a server answers. Left out with a line saying why when none does
     * and {@code --ours} did not name it (the default list on a laptop without ClickHouse); named
     * explicitly, a missing server fails the run.
     */
    private List<RoundResult> clickHouse(SinkBatches batches, String runId) throws Exception {
        BenchClickHouse server = BenchClickHouse.fromEnvironment(System.getenv());
        Optional<String> unreachable = server.unreachable();
        if (unreachable.isPresent()) {
            String why = unreachable.get() + "; start one or set CLICKHOUSE_URL (CLICKHOUSE_USER, CLICKHOUSE_PASSWORD)";
            if (options.oursNamed()) {
                throw new IllegalStateException("--ours clickhouse: " + why);
            }
            progress.println("clickhouse: skipped, " + why + " (--ours without clickhouse silences this)");
            return List.of();
        }
        try (ClickHouseRounds clickHouse = new ClickHouseRounds(server, batches, runId)) {
            return new Alternation(clickHouse::prepare, clickHouse::rowsThenDrop, this::report)
                    .run(BenchPlan.clickHouseContenders(clickHouse), options.rounds());
        }
    }

    /**
     * The order API workload: a warm-up round, then the measured rounds, each a fresh producer on a
     * fresh topic; per round four results, the trivial route as the reference of each phase. Each
     * round runs once per {@code --api-lingers} value, one after the other: at the bench's default
     * linger the contenders carry the plain route names, at another the names end in " linger N".
     */
    private List<RoundResult> orderApi(Alternation.RoundSetup setup, OrderApiRound.TopicCount topicCount) throws Exception {
        OrderApiRound api = new OrderApiRound(plan.orderApi(), options.apiSettings(), topicCount);
        SendGetFloor floors = new SendGetFloor(options.apiSettings());
        List<RoundResult> results = new ArrayList<>();
        for (int round = 0; round <= options.rounds(); round++) {
            for (int linger : options.apiLingers()) {
                RoundContext context = setup.prepare(null, round);
                OrderApiRound.Result r = api.run(context, linger);
                String suffix = LingerNames.suffix(linger, BenchProducerSettings.LINGER_MS);
                List<RoundResult> four = List.of(
                        apiResult(Workload.API_SERIAL, HEALTH + suffix, true, round, r.topic(), r.serialHealth()),
                        apiResult(Workload.API_SERIAL, ORDERS + suffix, false, round, r.topic(), r.serialOrders()),
                        apiResult(Workload.API_CONCURRENT, HEALTH + suffix, true, round, r.topic(), r.concurrentHealth()),
                        apiResult(Workload.API_CONCURRENT, ORDERS + suffix, false, round, r.topic(), r.concurrentOrders()));
                four.forEach(this::report);
                List<RoundResult> floor = sendGetFloor(floors, topicCount, setup.prepare(null, round), linger, suffix);
                floor.forEach(this::report);
                Latency health = r.serialHealth().measurement().latency();
                Latency orders = r.serialOrders().measurement().latency();
                progress.printf(Locale.ROOT, "         api round %d, linger.ms %d: serial p50/p99 %s %.3f/%.3f ms, %s %.3f/%.3f ms;"
                                + " %d TCP connections opened by 1 + %d clients%s%n", round, linger, HEALTH, health.p50Ms(), health.p99Ms(),
                        ORDERS, orders.p50Ms(), orders.p99Ms(), r.connectionsOpened(), r.clients(), unexpected(r));
                progress.printf(Locale.ROOT, "         api round %d, linger.ms %d: machine CPU per concurrent answer, %s %s; %s %s%n",
                        round, linger, HEALTH, describe(r.concurrentHealth().cpu()), ORDERS, describe(r.concurrentOrders().cpu()));
                results.addAll(four);
                results.addAll(floor);
            }
        }
        return results;
    }

    private static String describe(CpuPerAnswer cpu) {
        return cpu == null ? "not measured (no /proc here)" : cpu.describe();
    }

    /**
     * Kafka's producer alone at the round's settings, on a topic of its own: the floor under both api
     * figures. Its counts check like the routes': every acknowledged order is on its topic, nothing else.
     */
    private static List<RoundResult> sendGetFloor(SendGetFloor floors, OrderApiRound.TopicCount topics, RoundContext context, int linger,
                                                  String suffix) throws Exception {
        SendGetFloor.Result f = floors.run(context, linger);
        long onTopic = topics.records(context.topic());
        // The serial row carries every acknowledgement of the run, the concurrent row its own phase's.
        return List.of(
                new RoundResult(Workload.API_SERIAL, SendGetFloor.NAME + suffix, false, context.round(), context.topic(), f.serial(), onTopic),
                new RoundResult(Workload.API_CONCURRENT, SendGetFloor.NAME + suffix, false, context.round(), context.topic(),
                        f.concurrent(), onTopic - (f.acknowledged() - f.concurrent().records())));
    }

    private static RoundResult apiResult(Workload workload, String contender, boolean reference, int round, String topic,
                                         OrderApiRound.Phase phase) {
        return new RoundResult(workload, contender, reference, round, topic, phase.measurement(), phase.onTopic());
    }

    private static String unexpected(OrderApiRound.Result r) {
        StringBuilder s = new StringBuilder();
        for (OrderApiRound.Phase phase : List.of(r.serialHealth(), r.serialOrders(), r.concurrentHealth(), r.concurrentOrders())) {
            if (phase.firstUnexpected() != null) {
                s.append("; unexpected answer ").append(phase.firstUnexpected());
            }
        }
        return s.toString();
    }

    /** Rounds on a fresh, empty topic per contender and round. */
    private interface RoundFactory {
        Alternation.RoundSetup rounds(String purpose, long records);
    }

    private void report(RoundResult r) {
        Latency withStartUp = r.measurement().latencyWithStartUp();
        progress.printf(Locale.ROOT, "  %4d s %-10s %-20s round %d%s: %,.0f rec/s, %d records reported, %d on the topic%s%n",
                (System.nanoTime() - createdNanos) / 1_000_000_000L, r.workload().label(), r.contender(), r.round(), r.warmUp() ? " (warm-up, discarded)" : "",
                r.measurement().recordsPerSec(), r.measurement().records(), r.topicRecords(),
                withStartUp == null ? "" : String.format(Locale.ROOT, "; over every record, start-up included:"
                        + " p50 %.3f ms, p99 %.3f ms, p99.9 %.3f ms", withStartUp.p50Ms(), withStartUp.p99Ms(), withStartUp.p999Ms()));
    }
}

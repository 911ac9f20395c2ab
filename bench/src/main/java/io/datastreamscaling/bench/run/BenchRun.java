package io.datastreamscaling.bench.run;

import io.datastreamscaling.bench.contender.Contender;
import io.datastreamscaling.bench.contender.Latency;
import io.datastreamscaling.bench.contender.RoundContext;
import io.datastreamscaling.bench.contender.Workload;
import io.datastreamscaling.bench.footprint.Footprint;
import io.datastreamscaling.bench.footprint.SpringBootComparison;
import io.datastreamscaling.bench.sink.SinkBatches;
import io.datastreamscaling.bench.sink.SinkRounds;
import io.datastreamscaling.bench.workload.BenchTopics;
import io.datastreamscaling.bench.workload.OrderPayloads;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * One run on one broker: produce, consume, end-to-end, sink and streams workloads, each a warm-up
 * round and then alternating measured rounds, and the footprint at a fixed rate and at the Spring Boot
 * figures' 1 record/s.
 */
public final class BenchRun {
    /** Distinct orders in the payload file and the pre-filled topic; the producers cycle through them. */
    static final int PAYLOAD_ORDERS = 10_000;
    /** Event time between two orders of the streams input: 1,000 orders per second, as the producer's default rate. */
    private static final Duration STREAMS_EVENT_SPACING = Duration.ofMillis(1);

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
    public record Results(int recordSize, List<RoundResult> rounds, List<Footprint> footprints) {
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

            if (plan.sink()) {
                try (SinkRounds sink = new SinkRounds(SinkBatches.generate(options.sinkRows(), options.sinkBatch(),
                        options.partitions()), runId)) {
                    rounds.addAll(new Alternation(sink::prepare, sink::rowsThenDrop, this::report)
                            .run(BenchPlan.sinkContenders(sink), options.rounds()));
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
            return new Results(recordSize, rounds, footprints);
        }
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

package io.datastreamscaling.bench.run;

import io.datastreamscaling.bench.clickhouse.ClickHouseRounds;
import io.datastreamscaling.bench.clickhouse.OurClickHouseSinkContender;
import io.datastreamscaling.bench.clickhouse.RawInsertContender;
import io.datastreamscaling.bench.contender.Contender;
import io.datastreamscaling.bench.contender.RoundContext;
import io.datastreamscaling.bench.contender.Workload;
import io.datastreamscaling.bench.footprint.Footprint;
import io.datastreamscaling.bench.reference.ConsumerPerformanceContender;
import io.datastreamscaling.bench.reference.EndToEndLatencyContender;
import io.datastreamscaling.bench.reference.ProducerPerformanceContender;
import io.datastreamscaling.bench.reference.ProducerPerformanceFootprint;
import io.datastreamscaling.bench.reference.StreamsPassThroughContender;
import io.datastreamscaling.bench.ours.OurConsumerContender;
import io.datastreamscaling.bench.ours.OurFootprint;
import io.datastreamscaling.bench.ours.OurLatencyContender;
import io.datastreamscaling.bench.ours.OurProducerContender;
import io.datastreamscaling.bench.ours.OurServices;
import io.datastreamscaling.bench.ours.OurStreamsContender;
import io.datastreamscaling.bench.sink.OurSinkContender;
import io.datastreamscaling.bench.sink.RawCopyContender;
import io.datastreamscaling.bench.sink.SinkRounds;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Who is measured. Each workload lists the reference tool first, then ours: the alternation runs
 * them in this order every round (A B A B …). {@code orderApi}: the services whose producer the order
 * API workload runs ({@code null} when it does not run; see {@link io.datastreamscaling.bench.api.OrderApiRound});
 * {@code jvmVariants}: the services whose producer the JVM variants of the footprint launch ({@code --jvm-variants}).
 */
public record BenchPlan(List<Contender> contenders, List<FootprintRun> footprints, boolean sink, boolean clickHouse,
                        OurServices orderApi, OurServices jvmVariants) {

    /**
     * Measures the footprint of the processes of one run at a fixed rate (see
     * {@link io.datastreamscaling.bench.footprint.FootprintProbe}): one entry per process.
     */
    public interface FootprintRun {
        List<Footprint> measure(RoundContext round, int ratePerSec, Duration rssAfter) throws Exception;
    }

    /** Which of ours a run measures ({@code --ours}); the reference tools always run. */
    public enum Ours {
        PRODUCER, CONSUMER, LATENCY, API, SINK, CLICKHOUSE, STREAMS, FOOTPRINT
    }

    /** Kafka's own tools only. */
    public static BenchPlan referenceTools() {
        return of(null, Set.of(), List.of(), List.of(), 0, 0);
    }

    /**
     * The reference tools and, after each, the selected ones of ours.
     *
     * @param latencyRates    fixed rates of our end-to-end rounds (orders/s)
     * @param latencyLingers  our producer's {@code linger.ms} in those rounds: each rate runs at each
     * @param latencySeconds  how long each of those rounds sends and is measured
     * @param latencyWarmupSeconds how long each sends before the measured part
     */
    public static BenchPlan of(OurServices services, Set<Ours> ours, List<Integer> latencyRates, List<Integer> latencyLingers,
                               int latencySeconds, int latencyWarmupSeconds) {
        List<Contender> contenders = new ArrayList<>();
        contenders.add(new ProducerPerformanceContender());
        if (ours.contains(Ours.PRODUCER)) {
            contenders.add(new OurProducerContender(services));
        }
        contenders.add(new ConsumerPerformanceContender());
        if (ours.contains(Ours.CONSUMER)) {
            contenders.add(new OurConsumerContender(services));
        }
        contenders.add(new EndToEndLatencyContender());
        if (ours.contains(Ours.LATENCY)) {
            for (int rate : latencyRates) {
                for (int linger : latencyLingers) {
                    contenders.add(new OurLatencyContender(services, rate, linger, latencyWarmupSeconds, latencySeconds));
                }
            }
        }
        List<FootprintRun> footprints = new ArrayList<>();
        footprints.add((round, rate, rssAfter) -> List.of(ProducerPerformanceFootprint.measure(round, rate, rssAfter)));
        if (ours.contains(Ours.FOOTPRINT)) {
            footprints.add(new OurFootprint(services)::measure);
        }
        if (ours.contains(Ours.STREAMS)) {
            // No Kafka tool runs a topology: the reference is a pass-through one with our settings.
            contenders.add(new StreamsPassThroughContender(services.projectDir()));
            contenders.add(new OurStreamsContender(services));
        }
        return new BenchPlan(List.copyOf(contenders), List.copyOf(footprints), ours.contains(Ours.SINK),
                ours.contains(Ours.CLICKHOUSE), ours.contains(Ours.API) ? services : null,
                services);
    }

    /**
     * The sink workload (when {@link #sink()}): a raw COPY of the rows first, then our sink in each
     * mode. In the bench's own JVM, with databases from {@code rounds}; there is no Kafka tool for it.
     */
    public static List<Contender> sinkContenders(SinkRounds rounds) {
        return List.of(new RawCopyContender(rounds), new OurSinkContender(rounds, true), new OurSinkContender(rounds, false));
    }

    /**
     * The ClickHouse workload (when {@link #clickHouse()}): the raw TabSeparated insert of the rows
     * first, then our sink. In the bench's own JVM, with databases from {@code rounds}.
     */
    public static List<Contender> clickHouseContenders(ClickHouseRounds rounds) {
        return List.of(new RawInsertContender(rounds), new OurClickHouseSinkContender(rounds));
    }

    public List<Contender> of(Workload workload) {
        return contenders.stream().filter(c -> c.workload() == workload).toList();
    }
}

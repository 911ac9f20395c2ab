package io.datastreamscaling.bench.run;

import io.datastreamscaling.bench.contender.Contender;
import io.datastreamscaling.bench.contender.RoundContext;
import io.datastreamscaling.bench.contender.Workload;
import io.datastreamscaling.bench.footprint.Footprint;
import io.datastreamscaling.bench.reference.ConsumerPerformanceContender;
import io.datastreamscaling.bench.reference.EndToEndLatencyContender;
import io.datastreamscaling.bench.reference.ProducerPerformanceContender;
import io.datastreamscaling.bench.reference.ProducerPerformanceFootprint;
import java.time.Duration;
import java.util.List;

/**
 * Who is measured. Each workload lists the reference tool first, then ours: the alternation runs
 * them in this order every round (A B A B …). Our services join here as further contenders.
 */
public record BenchPlan(List<Contender> contenders, List<FootprintRun> footprints) {

    /** Measures one process's footprint at a fixed rate (see {@link io.datastreamscaling.bench.footprint.FootprintProbe}). */
    public interface FootprintRun {
        Footprint measure(RoundContext round, int ratePerSec, Duration rssAfter) throws Exception;
    }

    /** Kafka's own tools only, until our producer and consumer exist. */
    public static BenchPlan referenceTools() {
        return new BenchPlan(
                List.of(new ProducerPerformanceContender(), new ConsumerPerformanceContender(), new EndToEndLatencyContender()),
                List.of(ProducerPerformanceFootprint::measure));
    }

    public List<Contender> of(Workload workload) {
        return contenders.stream().filter(c -> c.workload() == workload).toList();
    }
}

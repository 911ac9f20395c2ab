package io.datastreamscaling.bench.report;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.datastreamscaling.bench.footprint.Footprint;
import io.datastreamscaling.bench.footprint.SpringBootComparison;
import io.datastreamscaling.bench.footprint.VariantFootprint;
import io.datastreamscaling.bench.run.RoundResult;
import java.util.List;
import java.util.Map;

/**
 * Everything one run measured: the machine-readable file, and the last line on stdout.
 *
 * @param machine  the machine, with its load average when the run started
 * @param loadAverageAtEnd the 1-minute load average when the run ended
 * @param settings what every contender shared: record size, counts, producer settings, topic layout
 * @param jvmVariants our producer launched several ways (JDK, flags, class archive): start-up and memory pairs
 * @param versusSpringBoot our footprint and jar sizes beside the Spring Boot reference figures, with the targets
 * @param targets  every ratio the project holds itself to, from this run (see {@link Target})
 */
public record BenchReport(String startedAt, String mode, Machine machine, Map<String, Object> settings,
                          List<Summary> summary, List<RoundResult> rounds, List<Footprint> footprint,
                          List<VariantFootprint> jvmVariants,
                          Map<String, Double> jarsMiB, List<SpringBootComparison> versusSpringBoot, List<Target> targets,
                          double loadAverageAtEnd) {
    /** True when every round's reported count equals what its topic holds. */
    @JsonProperty("countsMatch")
    public boolean countsMatch() {
        return rounds.stream().allMatch(RoundResult::countsMatch);
    }
}

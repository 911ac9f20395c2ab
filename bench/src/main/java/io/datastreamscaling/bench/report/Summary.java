package io.datastreamscaling.bench.report;

import io.datastreamscaling.bench.contender.Latency;
import io.datastreamscaling.bench.contender.LingerNames;
import io.datastreamscaling.bench.contender.Workload;
import io.datastreamscaling.bench.run.RoundResult;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;

/**
 * Medians of one contender's measured rounds (warm-up excluded), and its ratio to the reference
 * tool of the same workload: records/s for throughput (higher is better), p99 for end-to-end latency
 * and p50 for the serial order API (the typical request; lower is better). The reference's own ratio
 * is 1; {@code null} where there is nothing to compare with.
 */
public record Summary(Workload workload, String contender, boolean reference, int rounds,
                      double medianRecordsPerSec, double medianMbPerSec, Latency medianLatency, Double ratio) {

    public static List<Summary> of(List<RoundResult> results) {
        Map<String, List<RoundResult>> byContender = new LinkedHashMap<>();
        for (RoundResult r : results) {
            if (!r.warmUp()) {
                byContender.computeIfAbsent(r.workload() + "/" + r.contender(), k -> new ArrayList<>()).add(r);
            }
        }
        List<Summary> medians = byContender.values().stream().map(Summary::medians).toList();
        return medians.stream().map(s -> s.withRatio(referenceOf(s, medians))).toList();
    }

    private static Summary medians(List<RoundResult> rounds) {
        RoundResult first = rounds.get(0);
        Latency latency = first.measurement().latency() == null ? null : new Latency(
                median(rounds, l -> l.avgMs()), median(rounds, l -> l.p50Ms()),
                median(rounds, l -> l.p99Ms()), median(rounds, l -> l.p999Ms()));
        return new Summary(first.workload(), first.contender(), first.reference(), rounds.size(),
                Stats.median(rounds.stream().map(r -> r.measurement().recordsPerSec()).toList()),
                Stats.median(rounds.stream().map(r -> r.measurement().mbPerSec()).toList()),
                latency, null);
    }

    private static double median(List<RoundResult> rounds, Function<Latency, Double> percentile) {
        return Stats.median(rounds.stream().map(r -> r.measurement().latency()).filter(Objects::nonNull).map(percentile).toList());
    }

    /**
     * The reference a contender is compared with: a reference is its own; otherwise the workload's
     * reference from the same rounds (the order API's trivial route ran beside each linger's orders, its
     * name ends as theirs does), else the workload's one reference tool.
     */
    private static Summary referenceOf(Summary contender, List<Summary> all) {
        if (contender.reference()) {
            return contender;
        }
        List<Summary> references = all.stream().filter(s -> s.workload() == contender.workload() && s.reference()).toList();
        String linger = LingerNames.suffixOf(contender.contender());
        return references.stream().filter(r -> LingerNames.suffixOf(r.contender()).equals(linger)).findFirst()
                .orElse(references.isEmpty() ? null : references.get(0));
    }


    private Summary withRatio(Summary ref) {
        Double r = null;
        if (ref != null && workload == Workload.END_TO_END && medianLatency != null && ref.medianLatency() != null) {
            r = ratio(medianLatency.p99Ms(), ref.medianLatency().p99Ms());
        } else if (ref != null && workload == Workload.API_SERIAL && medianLatency != null && ref.medianLatency() != null) {
            r = ratio(medianLatency.p50Ms(), ref.medianLatency().p50Ms());
        } else if (ref != null && workload != Workload.END_TO_END && workload != Workload.API_SERIAL) {
            r = ratio(medianRecordsPerSec, ref.medianRecordsPerSec());
        }
        return new Summary(workload, contender, reference, rounds, medianRecordsPerSec, medianMbPerSec, medianLatency, r);
    }

    private static Double ratio(double ours, double theirs) {
        return theirs > 0 ? ours / theirs : null;
    }
}

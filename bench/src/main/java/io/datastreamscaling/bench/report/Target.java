package io.datastreamscaling.bench.report;

import io.datastreamscaling.bench.api.SendGetFloor;
import io.datastreamscaling.bench.contender.LingerNames;
import io.datastreamscaling.bench.contender.Workload;
import io.datastreamscaling.bench.footprint.Footprint;
import io.datastreamscaling.bench.footprint.JvmVariants;
import io.datastreamscaling.bench.footprint.SpringBootComparison;
import io.datastreamscaling.bench.footprint.VariantFootprint;
import io.datastreamscaling.bench.run.BenchRun;
import io.datastreamscaling.bench.workload.BenchProducerSettings;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * One ratio the project holds itself to (issue 20's table), from this run's medians: ours, what it is
 * compared with, the ratio and whether the target holds. Only the rows whose contenders ran.
 *
 * @param ours      our figure, in {@code unit}
 * @param reference the yardstick's figure from the same run (for the serial order API: linger.ms + 2 ms)
 * @param target    e.g. {@code >= 0.5}; {@code none} for a figure reported beside a target row
 * @param met       whether {@code ratio} meets {@code target}; {@code null} where none is set
 */
public record Target(String what, double ours, double reference, String unit, double ratio, String target, Boolean met) {
    /** Kept-alive {@code POST /orders} may take the producer's linger plus this much. */
    static final double API_MARGIN_MS = 2;

    /** The memory bound for a producer at 1 order/s: a third of the Spring Boot prototype's 225 MiB. */
    static final double RSS_BOUND_MIB = 75;

    public static List<Target> of(List<Summary> summary, List<Footprint> footprints) {
        return of(summary, footprints, List.of());
    }

    public static List<Target> of(List<Summary> summary, List<Footprint> footprints, List<VariantFootprint> variants) {
        List<Target> targets = new ArrayList<>();
        // One pair of rows per producer linger the api rounds ran at (the contenders' names end in " linger N"
        // away from the bench's default): the serial p50 may take that linger + 2 ms.
        for (Summary s : summary) {
            if (s.workload() != Workload.API_SERIAL || !s.contender().startsWith(BenchRun.ORDERS) || s.medianLatency() == null) {
                continue;
            }
            String suffix = LingerNames.suffixOf(s.contender());
            int linger = LingerNames.lingerMs(s.contender(), BenchProducerSettings.LINGER_MS);
            targets.add(atMost("api serial kept-alive: POST /orders p50 vs linger.ms " + linger + " + 2 ms",
                    s.medianLatency().p50Ms(), linger + API_MARGIN_MS, "ms", 1.0));
            pair(summary, Workload.API_CONCURRENT, BenchRun.ORDERS + suffix, BenchRun.HEALTH + suffix).ifPresent(p -> targets.add(atLeast(
                    "api concurrent kept-alive" + (suffix.isEmpty() ? "" : ", producer" + suffix)
                            + ": orders/s vs GET /health/live requests/s", p[0].medianRecordsPerSec(),
                    p[1].medianRecordsPerSec(), "req/s", 0.5)));
            floor(summary, s, suffix, linger, targets);
        }
        pair(summary, Workload.CONSUME, "ours", "ConsumerPerformance").ifPresent(p -> targets.add(atLeast(
                "consume (log sink) vs ConsumerPerformance", p[0].medianRecordsPerSec(), p[1].medianRecordsPerSec(), "rec/s", 0.8)));
        for (Summary s : summary) {
            if (s.workload() == Workload.END_TO_END && !s.reference() && s.medianLatency() != null) {
                find(summary, Workload.END_TO_END, "EndToEndLatency").ifPresent(ref -> {
                    boolean equalLinger = s.contender().endsWith(" linger 0");
                    Target t = atMost("end-to-end p99 " + s.contender() + " vs EndToEndLatency (linger 0)"
                                    + (equalLinger ? ", equal linger" : ", our default linger"),
                            s.medianLatency().p99Ms(), ref.medianLatency().p99Ms(), "ms", 1.5);
                    targets.add(equalLinger ? t : t.withoutTarget());
                });
            }
        }
        pair(summary, Workload.SINK, "ours exactly-once", "raw COPY").ifPresent(p -> targets.add(atLeast(
                "sink exactly-once vs raw COPY", p[0].medianRecordsPerSec(), p[1].medianRecordsPerSec(), "rows/s", 0.85)));
        // No target of its own in the issues ("as for COPY"): the PostgreSQL sink's.
        pair(summary, Workload.CLICKHOUSE, "ours exactly-once", "raw insert").ifPresent(p -> targets.add(atLeast(
                "clickhouse sink exactly-once vs raw TabSeparated insert", p[0].medianRecordsPerSec(), p[1].medianRecordsPerSec(),
                "rows/s", 0.85)));
        pair(summary, Workload.STREAMS, "ours", "pass-through").ifPresent(p -> targets.add(atLeast(
                "streams full topology vs pass-through (both exactly-once)", p[0].medianRecordsPerSec(),
                p[1].medianRecordsPerSec(), "orders/s", 0.5)));
        for (Footprint ours : footprints) {
            if (!ours.name().equals("ours: producer")) {
                continue;
            }
            footprints.stream().filter(f -> f.name().equals("ProducerPerformance") && f.ratePerSec() == ours.ratePerSec()).findFirst()
                    .ifPresent(tool -> {
                        if (ours.startToFirstRecordMs() >= 0 && tool.startToFirstRecordMs() > 0) {
                            targets.add(atMost("start-up at " + ours.ratePerSec() + "/s: launch -> first acknowledged order"
                                            + " vs ProducerPerformance's first record", ours.startToFirstRecordMs(),
                                    tool.startToFirstRecordMs(), "ms", 0.75));
                        }
                        if (ours.rssMiB() > 0 && tool.rssMiB() > 0) {
                            targets.add(atMost("RSS at " + ours.ratePerSec() + "/s after " + ours.rssAfterSeconds()
                                    + " s vs ProducerPerformance", ours.rssMiB(), tool.rssMiB(), "MiB", 1.0));
                        }
                    });
        }
        shipped(footprints, variants, targets);
        return List.copyOf(targets);
    }

    /**
     * Beside each linger's api rows, no target of their own: our orders against Kafka's producer alone
     * at the same settings ({@link SendGetFloor}), the floor under any HTTP order API on this broker.
     */
    private static void floor(List<Summary> summary, Summary serialOrders, String suffix, int linger, List<Target> targets) {
        find(summary, Workload.API_SERIAL, SendGetFloor.NAME + suffix).filter(f -> f.medianLatency() != null).ifPresent(f ->
                targets.add(atMost("api serial kept-alive at linger.ms " + linger + ": POST /orders p50 vs " + SendGetFloor.NAME
                        + " p50, same settings", serialOrders.medianLatency().p50Ms(), f.medianLatency().p50Ms(), "ms", 1.0).withoutTarget()));
        pair(summary, Workload.API_CONCURRENT, BenchRun.ORDERS + suffix, SendGetFloor.NAME + suffix).ifPresent(p -> targets.add(atLeast(
                "api concurrent kept-alive at linger.ms " + linger + ": POST /orders/s vs " + SendGetFloor.NAME
                        + " from as many threads", p[0].medianRecordsPerSec(), p[1].medianRecordsPerSec(), "req/s", 0.5).withoutTarget()));
    }

    /**
     * Our producer as the docs recommend launching it ({@code shipped} variant), against
     * {@code ProducerPerformance} at 1 record/s in the same run, and the absolute memory bound.
     */
    private static void shipped(List<Footprint> footprints, List<VariantFootprint> variants, List<Target> targets) {
        Optional<VariantFootprint> shipped = variants.stream().filter(v -> v.variant().equals(JvmVariants.SHIPPED)).findFirst();
        Optional<Footprint> tool = footprints.stream()
                .filter(f -> f.name().equals("ProducerPerformance") && f.ratePerSec() == SpringBootComparison.RATE_PER_SEC).findFirst();
        if (shipped.isEmpty()) {
            return;
        }
        VariantFootprint ours = shipped.get();
        tool.ifPresent(t -> {
            if (ours.medianStartMs() > 0 && t.startToFirstRecordMs() > 0) {
                targets.add(atMost("start-up as shipped at 1/s: launch -> first acknowledged order vs ProducerPerformance's first record",
                        ours.medianStartMs(), t.startToFirstRecordMs(), "ms", 0.75));
            }
            if (ours.medianRssMiB() > 0 && t.rssMiB() > 0) {
                targets.add(atMost("RSS as shipped at 1/s after " + ours.rssAfterSeconds() + " s vs ProducerPerformance",
                        ours.medianRssMiB(), t.rssMiB(), "MiB", 1.0));
            }
        });
        if (ours.medianRssMiB() > 0) {
            targets.add(atMost("RSS as shipped at 1/s after " + ours.rssAfterSeconds() + " s vs 75 MiB (1/3 of Spring Boot's 225)",
                    ours.medianRssMiB(), RSS_BOUND_MIB, "MiB", 1.0));
        }
    }

    private Target withoutTarget() {
        return new Target(what, ours, reference, unit, ratio, "none", null);
    }

    private static Target atLeast(String what, double ours, double reference, String unit, double target) {
        double ratio = ours / reference;
        return new Target(what, ours, reference, unit, ratio, ">= " + target, ratio >= target);
    }

    private static Target atMost(String what, double ours, double reference, String unit, double target) {
        double ratio = ours / reference;
        return new Target(what, ours, reference, unit, ratio, "<= " + target, ratio <= target);
    }

    private static Optional<Summary> find(List<Summary> summary, Workload workload, String contender) {
        return summary.stream().filter(s -> s.workload() == workload && s.contender().equals(contender)).findFirst();
    }

    private static Optional<Summary[]> pair(List<Summary> summary, Workload workload, String ours, String reference) {
        Optional<Summary> o = find(summary, workload, ours);
        Optional<Summary> r = find(summary, workload, reference);
        return o.isPresent() && r.isPresent() ? Optional.of(new Summary[] {o.get(), r.get()}) : Optional.empty();
    }
}

package io.datastreamscaling.bench.report;

import io.datastreamscaling.bench.contender.Latency;
import io.datastreamscaling.bench.contender.Workload;
import io.datastreamscaling.bench.footprint.Footprint;
import io.datastreamscaling.bench.footprint.SpringBootComparison;
import io.datastreamscaling.bench.footprint.VariantFootprint;
import java.io.PrintStream;
import java.util.Locale;
import java.util.Map;

/** The human side of a report: one table of medians and ratios, then footprint and jar sizes. */
public final class ConsoleTable {
    private static final String ROW = "%-11s %-22s %6s %14s %9s %9s %9s %9s %7s%n";

    private ConsoleTable() {
    }

    public static void print(BenchReport report, PrintStream out) {
        out.printf(Locale.ROOT, "%nbench %s on %d cores, %d MiB, %s; load average %.1f at start, %.1f at end%n",
                report.mode(), report.machine().processors(), report.machine().memoryMiB(), report.machine().jdk(),
                report.machine().loadAverage1m(), report.loadAverageAtEnd());
        out.printf(Locale.ROOT, "settings: %s%n%n", report.settings());
        out.printf(Locale.ROOT, ROW, "workload", "contender", "rounds", "median rec/s", "MB/s", "p50 ms", "p99 ms", "p99.9 ms", "ratio");
        for (Summary s : report.summary()) {
            boolean latency = (s.workload() == Workload.END_TO_END || s.workload() == Workload.API_SERIAL) && s.medianLatency() != null;
            Latency l = s.medianLatency();
            out.printf(Locale.ROOT, ROW, s.workload().label(), s.contender(), s.rounds(),
                    String.format(Locale.ROOT, "%,.0f", s.medianRecordsPerSec()),
                    latency || s.workload() == Workload.SINK || s.workload() == Workload.CLICKHOUSE || s.workload() == Workload.API_CONCURRENT ? "-" : String.format(Locale.ROOT, "%.2f", s.medianMbPerSec()),
                    latency ? millis(l.p50Ms()) : "-", latency ? millis(l.p99Ms()) : "-", latency ? millis(l.p999Ms()) : "-",
                    s.ratio() == null ? "-" : String.format(Locale.ROOT, "%.2f", s.ratio()));
        }
        out.println();
        for (Footprint f : report.footprint()) {
            out.printf(Locale.ROOT, "footprint %-22s at %,d/s: launch -> first record %d ms, RSS after %d s %.1f MiB%n",
                    f.name(), f.ratePerSec(), f.startToFirstRecordMs(), f.rssAfterSeconds(), f.rssMiB());
        }
        for (Map.Entry<String, Double> jar : report.jarsMiB().entrySet()) {
            out.printf(Locale.ROOT, "jar %-45s %6.1f MiB%n", jar.getKey(), jar.getValue());
        }
        if (!report.versusSpringBoot().isEmpty()) {
            out.printf(Locale.ROOT, "%nversus Spring Boot 3.5 (issue figures: 49 MB fat jar, 4.2-4.8 s to started, ~225 MiB RSS after 20 s at 1/s)%n");
            for (SpringBootComparison c : report.versusSpringBoot()) {
                out.printf(Locale.ROOT, "  %-58s %9.1f %-3s vs %7.1f  ratio %5.2f  target %-11s %s%n", c.what(), c.ours(), c.unit(),
                        c.springBoot(), c.ratio(), c.target(), c.met() == null ? "" : c.met() ? "met" : "MISSED");
            }
        }
        if (!report.targets().isEmpty()) {
            out.printf(Locale.ROOT, "%ntargets (issue 20), ours vs the yardstick of this run%n");
            for (Target t : report.targets()) {
                out.printf(Locale.ROOT, "  %-92s %11s vs %11s %-6s ratio %5.2f  target %-7s %s%n", t.what(), figure(t.ours()),
                        figure(t.reference()), t.unit(), t.ratio(), t.target(), t.met() == null ? "" : t.met() ? "met" : "MISSED");
            }
        }
        jvmVariants(report, out);
        out.printf(Locale.ROOT, "counts reported = records on the topics: %s%n", report.countsMatch() ? "yes" : "NO");
        Markdown.print(report, out);
    }

    /** Our producer launched each way, medians of its launches, each against {@code default} (and AOT against plain JDK 25). */
    private static void jvmVariants(BenchReport report, PrintStream out) {
        if (report.jvmVariants().isEmpty()) {
            return;
        }
        out.printf(Locale.ROOT, "%njvm variants of our producer at 1 order/s, medians of %d launch(es) each, alternating%n",
                report.jvmVariants().get(0).startMs().size());
        out.printf(Locale.ROOT, "  %-10s %9s %9s %9s %9s %9s   %s%n", "variant", "start ms", "CPU ms", "RSS MiB", "start x", "RSS x", "launched as / archive");
        for (VariantFootprint v : report.jvmVariants()) {
            VariantFootprint before = Markdown.before(report.jvmVariants(), v);
            out.printf(Locale.ROOT, "  %-10s %,9.0f %,9.0f %9.1f %9s %9s   %s; %s%n", v.variant(), v.medianStartMs(), v.medianCpuMs(), v.medianRssMiB(),
                    before == null ? "-" : String.format(Locale.ROOT, "%.2f", v.medianStartMs() / before.medianStartMs()),
                    before == null ? "-" : String.format(Locale.ROOT, "%.2f", v.medianRssMiB() / before.medianRssMiB()),
                    v.commandLine(), v.archive());
        }
    }

    private static String figure(double value) {
        return value >= 100 ? String.format(Locale.ROOT, "%,.0f", value) : String.format(Locale.ROOT, "%.3f", value);
    }

    /** Whole milliseconds as printed (EndToEndLatency), fractions to the microsecond (ours). */
    private static String millis(double ms) {
        return ms == Math.rint(ms) ? String.format(Locale.ROOT, "%.0f", ms) : String.format(Locale.ROOT, "%.3f", ms);
    }
}

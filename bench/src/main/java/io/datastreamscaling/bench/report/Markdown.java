package io.datastreamscaling.bench.report;

import io.datastreamscaling.bench.footprint.JvmVariants;
import io.datastreamscaling.bench.footprint.SpringBootComparison;
import io.datastreamscaling.bench.footprint.VariantFootprint;
import java.io.PrintStream;
import java.util.List;
import java.util.Locale;

/**
 * The run's ratios as Markdown, ready to paste at the top of docs/benchmarks.md: every target of
 * this run, the Spring Boot comparisons, then the JVM variants' before/after pairs.
 */
final class Markdown {
    private Markdown() {
    }

    static void print(BenchReport report, PrintStream out) {
        out.printf(Locale.ROOT, "%n<!-- markdown: bench %s, %s, load average %.1f at start, %.1f at end -->%n", report.mode(), report.startedAt(),
                report.machine().loadAverage1m(), report.loadAverageAtEnd());
        out.println("| ratio | ours | reference | ratio | target | |");
        out.println("|---|---:|---:|---:|---|---|");
        for (Target t : report.targets()) {
            out.printf(Locale.ROOT, "| %s | %s %s | %s %s | **%.2f** | %s | %s |%n", t.what(), figure(t.ours()), t.unit(), figure(t.reference()), t.unit(),
                    t.ratio(), t.target().replace(">=", "≥").replace("<=", "≤"), t.met() == null ? "" : t.met() ? "met" : "missed");
        }
        for (SpringBootComparison c : report.versusSpringBoot()) {
            out.printf(Locale.ROOT, "| %s vs Spring Boot prototype | %s %s | %s %s | **%.2f** | %s | %s |%n", c.what(), figure(c.ours()), c.unit(),
                    figure(c.springBoot()), c.unit(), c.ratio(), c.target().replace("<=", "≤"), c.met() == null ? "" : c.met() ? "met" : "missed");
        }
        if (report.jvmVariants().isEmpty()) {
            return;
        }
        out.println();
        out.println("| producer launched as | launch → first ack | CPU by then | RSS after " + report.jvmVariants().get(0).rssAfterSeconds()
                + " s | start-up after ÷ before | RSS after ÷ before | archive |");
        out.println("|---|---:|---:|---:|---:|---:|---|");
        for (VariantFootprint v : report.jvmVariants()) {
            VariantFootprint before = before(report.jvmVariants(), v);
            out.printf(Locale.ROOT, "| `%s` (%s) | %,.0f ms | %,.0f ms | %.1f MiB | %s | %s | %s |%n", v.variant(), v.commandLine(), v.medianStartMs(),
                    v.medianCpuMs(), v.medianRssMiB(),
                    before == null ? "" : String.format(Locale.ROOT, "%.2f (vs %s)", v.medianStartMs() / before.medianStartMs(), before.variant()),
                    before == null ? "" : String.format(Locale.ROOT, "%.2f", v.medianRssMiB() / before.medianRssMiB()), v.archive());
        }
    }

    /** The "before" of a variant's pair: plain JDK 25 for those on JDK 25, else the JVM's defaults on JDK 17. */
    static VariantFootprint before(List<VariantFootprint> all, VariantFootprint v) {
        String name = v.variant().startsWith("jdk25-") ? "jdk25" : JvmVariants.DEFAULT;
        if (v.variant().equals(name)) {
            return null;
        }
        return all.stream().filter(b -> b.variant().equals(name)).findFirst().orElse(null);
    }

    private static String figure(double value) {
        return value >= 100 ? String.format(Locale.ROOT, "%,.0f", value) : String.format(Locale.ROOT, "%.2f", value);
    }
}

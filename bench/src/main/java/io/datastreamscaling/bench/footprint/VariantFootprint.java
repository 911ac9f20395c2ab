package io.datastreamscaling.bench.footprint;

import java.util.List;

/**
 * Our producer launched one way ({@link JvmVariant}), medians of its launches in this run at
 * 1 order/s: launch → first acknowledged order (wall time, and the CPU time the process had used
 * when that line arrived), and RSS after the idle footprint's seconds.
 *
 * @param commandLine   how the variant is launched, as a user would type it
 * @param archive       what its training run left ({@code none}, or the archive's size), or why it failed
 * @param startMs       each launch's wall time to the first acknowledged order ({@code -1}: never)
 * @param cpuMs         each launch's CPU time when that line arrived
 * @param rssMiB        each launch's RSS after {@code rssAfterSeconds}
 */
public record VariantFootprint(String variant, String commandLine, String archive, int rssAfterSeconds,
                               List<Long> startMs, List<Long> cpuMs, List<Double> rssMiB) {
    public double medianStartMs() {
        return median(startMs.stream().map(Long::doubleValue).toList());
    }

    public double medianCpuMs() {
        return median(cpuMs.stream().map(Long::doubleValue).toList());
    }

    public double medianRssMiB() {
        return median(rssMiB);
    }

    /** The middle launch (of an even count, the mean of the middle two); NaN for none. Kept here: report depends on footprint. */
    private static double median(List<Double> values) {
        double[] sorted = values.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        int middle = sorted.length / 2;
        return sorted.length == 0 ? Double.NaN : sorted.length % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
    }
}

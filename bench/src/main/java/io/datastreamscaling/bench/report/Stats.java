package io.datastreamscaling.bench.report;

import java.util.Arrays;
import java.util.List;

/** The median: on a noisy shared machine one slow round moves it far less than it moves the mean. */
public final class Stats {
    private Stats() {
    }

    public static double median(List<Double> values) {
        if (values.isEmpty()) {
            return Double.NaN;
        }
        double[] sorted = values.stream().mapToDouble(Double::doubleValue).toArray();
        Arrays.sort(sorted);
        int middle = sorted.length / 2;
        return sorted.length % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
    }
}

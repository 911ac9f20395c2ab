package io.datastreamscaling.bench.reference;

import io.datastreamscaling.bench.contender.Latency;
import io.datastreamscaling.bench.contender.Measurement;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads Kafka 4.3's {@code EndToEndLatency} results: {@code "Avg latency: %.4f ms"} and
 * {@code "Percentiles: 50th = %d, 99th = %d, 99.9th = %d"} (whole milliseconds: each latency is
 * truncated with {@code elapsed / 1000 / 1000} before sorting).
 */
public final class EndToEndLatencyOutput {
    private static final Pattern AVERAGE = Pattern.compile("^Avg latency: ([\\d.]+) ms$");
    private static final Pattern PERCENTILES = Pattern.compile("^Percentiles: 50th = (\\d+), 99th = (\\d+), 99\\.9th = (\\d+)$");

    private EndToEndLatencyOutput() {
    }

    /** The tool sends one record and waits for it before the next, so round trips/s = 1000 / avg ms. */
    public static Measurement parse(List<String> stdout, long records) {
        Double average = null;
        for (String line : stdout) {
            Matcher avg = AVERAGE.matcher(line.trim());
            if (avg.matches()) {
                average = Double.parseDouble(avg.group(1));
            }
            Matcher p = PERCENTILES.matcher(line.trim());
            if (p.matches() && average != null) {
                Latency latency = new Latency(average, Double.parseDouble(p.group(1)),
                        Double.parseDouble(p.group(2)), Double.parseDouble(p.group(3)));
                return new Measurement(records, 1000.0 / average, 0, latency);
            }
        }
        throw new IllegalStateException("no EndToEndLatency result lines in its output: "
                + ProducerPerformanceOutput.tail(stdout));
    }
}

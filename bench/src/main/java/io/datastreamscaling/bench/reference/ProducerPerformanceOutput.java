package io.datastreamscaling.bench.reference;

import io.datastreamscaling.bench.contender.Latency;
import io.datastreamscaling.bench.contender.Measurement;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads the final summary line of Kafka 4.3's {@code ProducerPerformance} (format
 * {@code "%d%s records sent, %f records/sec (%.2f MB/sec), %.2f ms avg latency, %.2f ms max latency,
 * %d ms 50th, %d ms 95th, %d ms 99th, %d ms 99.9th."}). Progress lines lack the percentiles, and the
 * {@code " steady state"} variant only appears with {@code --warmup-records}, which we do not use.
 */
public final class ProducerPerformanceOutput {
    private static final Pattern SUMMARY = Pattern.compile(
            "^(\\d+) records sent, ([\\d.]+) records/sec \\(([\\d.]+) MB/sec\\), ([\\d.]+) ms avg latency, "
                    + "([\\d.]+) ms max latency, (\\d+) ms 50th, (\\d+) ms 95th, (\\d+) ms 99th, (\\d+) ms 99\\.9th\\.$");

    private ProducerPerformanceOutput() {
    }

    /** The summary; its latency is send → acknowledgement, as the tool measures it. */
    public static Measurement parse(List<String> stdout) {
        for (int i = stdout.size() - 1; i >= 0; i--) {
            Matcher m = SUMMARY.matcher(stdout.get(i).trim());
            if (m.matches()) {
                Latency ackLatency = new Latency(Double.parseDouble(m.group(4)), Double.parseDouble(m.group(6)),
                        Double.parseDouble(m.group(8)), Double.parseDouble(m.group(9)));
                return new Measurement(Long.parseLong(m.group(1)), Double.parseDouble(m.group(2)),
                        Double.parseDouble(m.group(3)), ackLatency);
            }
        }
        throw new IllegalStateException("no ProducerPerformance summary line in its output: " + tail(stdout));
    }

    static String tail(List<String> lines) {
        return String.join(" | ", lines.subList(Math.max(0, lines.size() - 5), lines.size()));
    }
}

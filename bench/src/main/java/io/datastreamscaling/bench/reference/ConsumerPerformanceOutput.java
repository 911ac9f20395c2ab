package io.datastreamscaling.bench.reference;

import io.datastreamscaling.bench.contender.Measurement;
import java.util.List;

/**
 * Reads the result line of Kafka 4.3's {@code ConsumerPerformance}: after the header
 * {@code start.time, end.time, data.consumed.in.MB, MB.sec, data.consumed.in.nMsg, nMsg.sec,
 * rebalance.time.ms, fetch.time.ms, fetch.MB.sec, fetch.nMsg.sec}, one line of values (format
 * {@code "%s, %s, %.4f, %.4f, %d, %.4f, %d, %d, %.4f, %.4f"}; the dates contain no commas).
 *
 * <p>We take the {@code fetch.*} rates: they exclude the group join ({@code rebalance.time.ms}), which
 * measures the broker's coordinator, not the consumer.
 */
public final class ConsumerPerformanceOutput {
    private static final String HEADER_START = "start.time, end.time";
    private static final int RECORDS = 4;
    private static final int FETCH_MB_SEC = 8;
    private static final int FETCH_RECORDS_SEC = 9;

    private ConsumerPerformanceOutput() {
    }

    public static Measurement parse(List<String> stdout) {
        for (int i = 0; i < stdout.size() - 1; i++) {
            if (stdout.get(i).startsWith(HEADER_START)) {
                String[] values = stdout.get(i + 1).split(",\\s*");
                if (values.length < FETCH_RECORDS_SEC + 1) {
                    break;
                }
                return Measurement.throughput(Long.parseLong(values[RECORDS].trim()),
                        Double.parseDouble(values[FETCH_RECORDS_SEC].trim()), Double.parseDouble(values[FETCH_MB_SEC].trim()));
            }
        }
        throw new IllegalStateException("no ConsumerPerformance result line in its output: "
                + ProducerPerformanceOutput.tail(stdout));
    }
}

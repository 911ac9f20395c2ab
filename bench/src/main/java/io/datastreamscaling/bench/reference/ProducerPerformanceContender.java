package io.datastreamscaling.bench.reference;

import io.datastreamscaling.bench.contender.Measurement;
import io.datastreamscaling.bench.contender.RoundContext;
import io.datastreamscaling.bench.contender.Workload;
import io.datastreamscaling.bench.workload.BenchProducerSettings;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Kafka's {@code ProducerPerformance} at full speed, sending our pre-encoded orders
 * ({@code --payload-file}) with our producer settings ({@code --command-property}).
 *
 * <p>One difference stays: the tool sends records without a key (the sticky partitioner fills one
 * batch at a time), while ours keys by user id. That favours the tool, and is why the target is 0.9×.
 */
public final class ProducerPerformanceContender extends ReferenceTool {
    static final String MAIN_CLASS = "org.apache.kafka.tools.ProducerPerformance";
    private static final int REPORTING_INTERVAL_MS = 5_000;

    public ProducerPerformanceContender() {
        super(MAIN_CLASS, Workload.PRODUCE);
    }

    @Override
    List<String> arguments(RoundContext round) {
        return arguments(round, -1, REPORTING_INTERVAL_MS);
    }

    @Override
    Measurement parse(List<String> stdout, RoundContext round) {
        return ProducerPerformanceOutput.parse(stdout);
    }

    /** The command line; {@code throughput} -1 means unthrottled. */
    static List<String> arguments(RoundContext round, int throughput, int reportingIntervalMs) {
        List<String> args = new ArrayList<>(List.of(
                "--bootstrap-server", round.bootstrapServers(),
                "--topic", round.topic(),
                "--num-records", Long.toString(round.records()),
                "--throughput", Integer.toString(throughput),
                "--payload-file", round.payloadFile().toString(),
                "--reporting-interval", Integer.toString(reportingIntervalMs),
                "--command-property"));
        for (Map.Entry<String, String> setting : BenchProducerSettings.asProperties().entrySet()) {
            args.add(setting.getKey() + "=" + setting.getValue());
        }
        return args;
    }
}

package io.datastreamscaling.bench.reference;

import io.datastreamscaling.bench.contender.Contender;
import io.datastreamscaling.bench.contender.Measurement;
import io.datastreamscaling.bench.contender.RoundContext;
import io.datastreamscaling.bench.contender.Workload;
import io.datastreamscaling.bench.process.ChildJvm;
import io.datastreamscaling.bench.process.ChildProcess;
import io.datastreamscaling.bench.workload.BenchProducerSettings;
import java.time.Duration;
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
public final class ProducerPerformanceContender implements Contender {
    static final String MAIN_CLASS = "org.apache.kafka.tools.ProducerPerformance";
    static final Duration TIMEOUT = Duration.ofMinutes(10);

    @Override
    public String name() {
        return "ProducerPerformance";
    }

    @Override
    public Workload workload() {
        return Workload.PRODUCE;
    }

    @Override
    public boolean reference() {
        return true;
    }

    @Override
    public Measurement run(RoundContext round) throws Exception {
        try (ChildProcess child = ChildJvm.mainClass(MAIN_CLASS).args(arguments(round, -1, 5_000)).start()) {
            return ProducerPerformanceOutput.parse(child.awaitSuccess(TIMEOUT));
        }
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

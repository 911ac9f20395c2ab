package io.datastreamscaling.bench.reference;

import io.datastreamscaling.bench.contender.Measurement;
import io.datastreamscaling.bench.contender.RoundContext;
import io.datastreamscaling.bench.contender.Workload;
import java.util.List;

/**
 * Kafka's {@code ConsumerPerformance} reading the pre-filled topic from the start in a fresh group.
 * It decodes nothing (byte arrays in, counts out): the ceiling for any consumer on this broker.
 */
public final class ConsumerPerformanceContender extends ReferenceTool {
    /** Gives up when no record arrives for this long (the topic holds exactly the records asked for). */
    private static final String IDLE_TIMEOUT_MS = "30000";

    public ConsumerPerformanceContender() {
        super("org.apache.kafka.tools.ConsumerPerformance", Workload.CONSUME);
    }

    @Override
    List<String> arguments(RoundContext round) {
        return List.of(
                "--bootstrap-server", round.bootstrapServers(),
                "--topic", round.topic(),
                "--num-records", Long.toString(round.records()),
                "--group", round.groupId(name()),
                "--timeout", IDLE_TIMEOUT_MS);
    }

    @Override
    Measurement parse(List<String> stdout, RoundContext round) {
        return ConsumerPerformanceOutput.parse(stdout);
    }
}

package io.datastreamscaling.bench.reference;

import io.datastreamscaling.bench.contender.Contender;
import io.datastreamscaling.bench.contender.Measurement;
import io.datastreamscaling.bench.contender.RoundContext;
import io.datastreamscaling.bench.contender.Workload;
import io.datastreamscaling.bench.process.ChildJvm;
import io.datastreamscaling.bench.process.ChildProcess;

/**
 * Kafka's {@code ConsumerPerformance} reading the pre-filled topic from the start in a fresh group.
 * It decodes nothing (byte arrays in, counts out): the ceiling for any consumer on this broker.
 */
public final class ConsumerPerformanceContender implements Contender {
    static final String MAIN_CLASS = "org.apache.kafka.tools.ConsumerPerformance";
    /** Gives up when no record arrives for this long (the topic holds exactly the records asked for). */
    private static final String IDLE_TIMEOUT_MS = "30000";

    @Override
    public String name() {
        return "ConsumerPerformance";
    }

    @Override
    public Workload workload() {
        return Workload.CONSUME;
    }

    @Override
    public boolean reference() {
        return true;
    }

    @Override
    public Measurement run(RoundContext round) throws Exception {
        ChildJvm jvm = ChildJvm.mainClass(MAIN_CLASS).args(
                "--bootstrap-server", round.bootstrapServers(),
                "--topic", round.topic(),
                "--num-records", Long.toString(round.records()),
                "--group", round.groupId(name()),
                "--timeout", IDLE_TIMEOUT_MS);
        try (ChildProcess child = jvm.start()) {
            return ConsumerPerformanceOutput.parse(child.awaitSuccess(ProducerPerformanceContender.TIMEOUT));
        }
    }
}

package io.datastreamscaling.bench.ours;

import io.datastreamscaling.bench.contender.Measurement;
import io.datastreamscaling.bench.contender.RoundContext;
import io.datastreamscaling.bench.contender.Workload;
import io.datastreamscaling.bench.process.ChildProcess;

/**
 * Our consumer (decode + validate + metrics, log sink) reading the pre-filled topic from the start in
 * a fresh group. Timed like {@code ConsumerPerformance}'s {@code fetch.nMsg.sec}: from the end of the
 * group join (our "assigned […]" line) to the moment the group's committed offsets cover every
 * record. The count is the consumer's own {@code orders_consumed_total{outcome="processed"}}.
 */
public final class OurConsumerContender extends OurContender {
    public OurConsumerContender(OurServices services) {
        super(services, Workload.CONSUME);
    }

    @Override
    public Measurement run(RoundContext round) throws Exception {
        String group = round.groupId(name());
        try (GroupOffsets offsets = new GroupOffsets(round.bootstrapServers());
             ChildProcess child = services.consumer(round.bootstrapServers(), round.topic(), group).start()) {
            int port = ServiceLines.httpPort(child, TIMEOUT);
            long assignedAt = ServiceLines.await(child, ServiceLines.ASSIGNED, TIMEOUT, "assigned [...]").arrivedNanos();
            return untilCommitted(round, child, offsets, group, port, assignedAt);
        }
    }
}

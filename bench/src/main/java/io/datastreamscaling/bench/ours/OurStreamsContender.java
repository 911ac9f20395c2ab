package io.datastreamscaling.bench.ours;

import io.datastreamscaling.bench.contender.Measurement;
import io.datastreamscaling.bench.contender.RoundContext;
import io.datastreamscaling.bench.contender.Workload;
import io.datastreamscaling.bench.process.ChildProcess;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Our streams topology (exactly-once, its default settings) reading a pre-filled topic from the start
 * under a fresh application id and state directory. Timed like our consumer: from the moment the
 * instance is RUNNING (group joined, tasks assigned, nothing to restore) to the moment its group's
 * committed offsets cover every record. Under exactly-once an offset is committed in the same
 * transaction as the outputs and state changes of the records before it, so that is "processed,
 * written and committed". The count is what the group committed (the topic's records once done), not
 * its {@code orders_consumed_total} counter: that counts processing attempts, and a transaction
 * aborted under load (a task timing out, then migrated) has its records processed again, exactly once
 * in effect but twice in the counter (seen: 2,002 for 2,000 at load average 85).
 */
public final class OurStreamsContender extends OurContender {
    public OurStreamsContender(OurServices services) {
        super(services, Workload.STREAMS);
    }

    @Override
    public Measurement run(RoundContext round) throws Exception {
        String applicationId = round.groupId("streams");
        Path stateDir = Files.createDirectories(round.workDir().resolve("streams-state").resolve(applicationId));
        try (GroupOffsets offsets = new GroupOffsets(round.bootstrapServers());
             ChildProcess child = services.streams(round.bootstrapServers(), round.topic(), applicationId, stateDir).start()) {
            int port = ServiceLines.httpPort(child, TIMEOUT);
            long runningAt = ServiceLines.await(child, ServiceLines.STREAMS_RUNNING, TIMEOUT, "state ... -> RUNNING").arrivedNanos();
            Measurement timed = untilCommitted(round, child, offsets, applicationId, port, runningAt);
            return Measurement.throughput(offsets.committed(applicationId, round.topic()), timed.recordsPerSec(), timed.mbPerSec());
        }
    }
}

package io.datastreamscaling.bench.ours;

import io.datastreamscaling.bench.contender.Measurement;
import io.datastreamscaling.bench.contender.RoundContext;
import io.datastreamscaling.bench.contender.Workload;
import io.datastreamscaling.bench.process.ChildProcess;
import java.util.regex.Matcher;

/**
 * Our producer at {@code PRODUCER_RATE=max} with {@code PRODUCER_MAX_ORDERS=N}: it generates and
 * encodes each order itself, keys it by user id, and reports "generator finished: N orders
 * acknowledged in X ms" once the last acknowledgement is in (generator start → final flush, as
 * {@code ProducerPerformance} times its send loop and flush).
 */
public final class OurProducerContender extends OurContender {
    public OurProducerContender(OurServices services) {
        super(services, Workload.PRODUCE);
    }

    @Override
    public Measurement run(RoundContext round) throws Exception {
        try (ChildProcess child = services.producer(round.bootstrapServers(), round.topic(), "max", round.records()).start()) {
            Matcher finished = ServiceLines.await(child, ServiceLines.GENERATOR_FINISHED, TIMEOUT);
            long acknowledged = Long.parseLong(finished.group(1));
            double seconds = Math.max(1, Long.parseLong(finished.group(2))) / 1000.0;
            return Measurement.throughput(acknowledged, acknowledged / seconds, acknowledged * (double) round.recordSize() / MIB / seconds);
        }
    }
}

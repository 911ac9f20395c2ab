package io.datastreamscaling.bench.reference;

import io.datastreamscaling.bench.contender.RoundContext;
import io.datastreamscaling.bench.footprint.Footprint;
import io.datastreamscaling.bench.footprint.FootprintProbe;
import io.datastreamscaling.bench.process.ChildJvm;
import io.datastreamscaling.bench.process.ChildProcess;
import java.time.Duration;

/**
 * The footprint of {@code ProducerPerformance} at a fixed rate: the yardstick for ours measured the
 * same way. With a 1 ms reporting interval its first progress line comes right after the first
 * acknowledgements, so launch → that line is its "start to first acknowledged record".
 */
public final class ProducerPerformanceFootprint {
    private static final int REPORTING_INTERVAL_MS = 1;

    private ProducerPerformanceFootprint() {
    }

    /** {@code round.records()} is ignored: the child gets enough records to outlive {@code rssAfter}. */
    public static Footprint measure(RoundContext round, int ratePerSec, Duration rssAfter) throws Exception {
        long records = (rssAfter.toSeconds() + 30) * ratePerSec;
        RoundContext sized = new RoundContext(round.bootstrapServers(), round.topic(), records, round.round(),
                round.payloadFile(), round.recordSize(), round.workDir());
        ChildJvm jvm = ChildJvm.mainClass(ProducerPerformanceContender.MAIN_CLASS)
                .args(ProducerPerformanceContender.arguments(sized, ratePerSec, REPORTING_INTERVAL_MS));
        try (ChildProcess child = jvm.start()) {
            return FootprintProbe.measure("ProducerPerformance", ratePerSec, child,
                    line -> line.contains(" records sent, "), rssAfter);
        }
    }
}

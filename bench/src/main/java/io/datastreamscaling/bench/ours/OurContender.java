package io.datastreamscaling.bench.ours;

import io.datastreamscaling.bench.contender.Contender;
import io.datastreamscaling.bench.contender.Measurement;
import io.datastreamscaling.bench.contender.RoundContext;
import io.datastreamscaling.bench.contender.Workload;
import io.datastreamscaling.bench.process.ChildProcess;
import java.time.Duration;

/** One of our services as a contender: never a reference, launched through {@link OurServices}. */
abstract class OurContender implements Contender {
    static final Duration TIMEOUT = Duration.ofMinutes(10);
    static final double MIB = 1024.0 * 1024.0;

    final OurServices services;
    private final Workload workload;

    OurContender(OurServices services, Workload workload) {
        this.services = services;
        this.workload = workload;
    }

    /**
     * Records/s of a service reading {@code round}'s pre-filled topic: from {@code startedAt} (its
     * "ready to process" line) until {@code group}'s committed offsets cover every record. The count
     * is the service's own {@code orders_consumed_total{outcome="processed"}} on {@code httpPort}.
     */
    static Measurement untilCommitted(RoundContext round, ChildProcess child, GroupOffsets offsets, String group, int httpPort,
                                      long startedAt) throws Exception {
        long doneAt = offsets.awaitCommitted(group, round.topic(), round.records(), child::isAlive, TIMEOUT);
        long processed = ConsumerScrape.of(httpPort).processed();
        double seconds = (doneAt - startedAt) / 1e9;
        return Measurement.throughput(processed, round.records() / seconds, round.records() * (double) round.recordSize() / MIB / seconds);
    }

    @Override
    public String name() {
        return "ours";
    }

    @Override
    public Workload workload() {
        return workload;
    }

    @Override
    public boolean reference() {
        return false;
    }
}

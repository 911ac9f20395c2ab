package io.datastreamscaling.bench.ours;

import io.datastreamscaling.bench.contender.Contender;
import io.datastreamscaling.bench.contender.Workload;
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

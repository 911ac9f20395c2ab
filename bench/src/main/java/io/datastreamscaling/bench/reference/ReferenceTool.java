package io.datastreamscaling.bench.reference;

import io.datastreamscaling.bench.contender.Contender;
import io.datastreamscaling.bench.contender.Measurement;
import io.datastreamscaling.bench.contender.RoundContext;
import io.datastreamscaling.bench.contender.Workload;
import io.datastreamscaling.bench.process.ChildJvm;
import io.datastreamscaling.bench.process.ChildProcess;
import java.time.Duration;
import java.util.List;

/** One of Kafka's tools run as a child JVM on the bench's classpath: a command line in, its printed result out. */
abstract class ReferenceTool implements Contender {
    static final Duration TIMEOUT = Duration.ofMinutes(10);

    private final String mainClass;
    private final Workload workload;

    ReferenceTool(String mainClass, Workload workload) {
        this.mainClass = mainClass;
        this.workload = workload;
    }

    @Override
    public String name() {
        return mainClass.substring(mainClass.lastIndexOf('.') + 1);
    }

    @Override
    public Workload workload() {
        return workload;
    }

    @Override
    public boolean reference() {
        return true;
    }

    @Override
    public Measurement run(RoundContext round) throws Exception {
        try (ChildProcess child = ChildJvm.mainClass(mainClass).args(arguments(round)).start()) {
            return parse(child.awaitSuccess(TIMEOUT), round);
        }
    }

    abstract List<String> arguments(RoundContext round) throws Exception;

    abstract Measurement parse(List<String> stdout, RoundContext round);
}

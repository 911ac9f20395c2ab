package io.datastreamscaling.bench.api;

import io.datastreamscaling.bench.process.ProcessRss;
import java.lang.management.ManagementFactory;
import java.util.Locale;
import java.util.OptionalLong;

/**
 * The machine's CPU over one concurrent api phase, per answer, by who spent it: our producer's JVM,
 * the bench's client threads, and the rest of the bench JVM, which is mostly the embedded broker. On
 * two saturated cores the concurrent ratio is the trivial request's total over the order's, so this
 * says where an order's extra cost goes (docs/benchmarks.md, "The order API at linger 0: the
 * machine's CPU per answer").
 *
 * @param oursMicros      our producer JVM (every thread: HTTP server, answer writers, Kafka's sender, GC, JIT)
 * @param clientsMicros   the client threads' own CPU (writing requests, reading answers)
 * @param benchRestMicros the bench JVM apart from the clients: the broker, and the bench's GC and JIT
 */
public record CpuPerAnswer(double oursMicros, double clientsMicros, double benchRestMicros) {

    public double totalMicros() {
        return oursMicros + clientsMicros + benchRestMicros;
    }

    /** From the phase's answers and what each side's CPU counter moved by over it. */
    static CpuPerAnswer of(long answers, long oursCpuNanos, long clientsCpuNanos, long benchCpuNanos) {
        double perAnswer = Math.max(1, answers) * 1_000.0;
        return new CpuPerAnswer(oursCpuNanos / perAnswer, clientsCpuNanos / perAnswer,
                Math.max(0, benchCpuNanos - clientsCpuNanos) / perAnswer);
    }

    /** {@code "130 µs (ours 77, clients 26, broker and bench 27)"}. */
    public String describe() {
        return String.format(Locale.ROOT, "%.0f µs (ours %.0f, clients %.0f, broker and bench %.0f)",
                totalMicros(), oursMicros, clientsMicros, benchRestMicros);
    }

    /** Reads both processes' CPU counters at the start of a phase; {@link #end} reads them again. */
    static final class Meter {
        private final long childPid;
        private final OptionalLong childStartMillis;
        private final long benchStartNanos;

        Meter(long childPid) {
            this.childPid = childPid;
            this.childStartMillis = ProcessRss.cpuMillis(childPid);
            this.benchStartNanos = benchCpuNanos();
        }

        /** Null where a counter cannot be read (not Linux, or the child is gone). */
        CpuPerAnswer end(long answers, long clientsCpuNanos) {
            OptionalLong childEndMillis = ProcessRss.cpuMillis(childPid);
            long benchEnd = benchCpuNanos();
            if (childStartMillis.isEmpty() || childEndMillis.isEmpty() || benchStartNanos < 0 || benchEnd < 0) {
                return null;
            }
            return of(answers, (childEndMillis.getAsLong() - childStartMillis.getAsLong()) * 1_000_000,
                    clientsCpuNanos, benchEnd - benchStartNanos);
        }

        private static long benchCpuNanos() {
            return ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os
                    ? os.getProcessCpuTime() : -1;
        }
    }
}

package io.datastreamscaling.bench.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class CpuPerAnswerTest {
    @Test
    void splitsThePhasesCpuPerAnswerAndTheBenchJvmsShareExcludesItsClients() {
        // 10,000 answers; ours 1.3 s, clients 0.25 s of the bench JVM's 0.52 s
        CpuPerAnswer cpu = CpuPerAnswer.of(10_000, 1_300_000_000L, 250_000_000L, 520_000_000L);

        assertEquals(130, cpu.oursMicros(), 1e-9);
        assertEquals(25, cpu.clientsMicros(), 1e-9);
        assertEquals(27, cpu.benchRestMicros(), 1e-9);
        assertEquals(182, cpu.totalMicros(), 1e-9);
        assertEquals("182 µs (ours 130, clients 25, broker and bench 27)", cpu.describe());
    }

    @Test
    void theMeterReadsRealCountersAcrossWorkDone() {
        assumeTrue(Files.isReadable(Path.of("/proc/self/stat")), "CPU counters come from /proc (Linux)");
        long self = ProcessHandle.current().pid();
        long threadStart = ManagementFactory.getThreadMXBean().getCurrentThreadCpuTime();
        CpuPerAnswer.Meter meter = new CpuPerAnswer.Meter(self);
        long sink = 0;
        for (long end = System.nanoTime() + 300_000_000L; System.nanoTime() < end; ) {
            sink += Long.numberOfTrailingZeros(sink + System.nanoTime());
        }
        long clients = ManagementFactory.getThreadMXBean().getCurrentThreadCpuTime() - threadStart;

        CpuPerAnswer cpu = meter.end(1_000, clients);

        assertNotNull(cpu, "counters readable on Linux " + sink);
        // 0.3 s of this thread's CPU over 1,000 answers is about 300 µs each; /proc counts in 10 ms ticks.
        assertTrue(cpu.clientsMicros() > 250, cpu::describe);
        assertTrue(cpu.oursMicros() > 200, cpu::describe); // "ours" is this same process here
    }
}

package io.datastreamscaling.bench.report;

import java.lang.management.ManagementFactory;

/**
 * The machine a run measured: figures from different machines are not comparable, and figures from a
 * busy machine (load average well above the core count) are only good for ratios.
 */
public record Machine(int processors, long memoryMiB, String jdk, String os, double loadAverage1m) {
    public static Machine current() {
        long memory = ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os
                ? os.getTotalMemorySize() / (1024 * 1024) : -1;
        return new Machine(Runtime.getRuntime().availableProcessors(), memory,
                System.getProperty("java.vm.name") + " " + System.getProperty("java.runtime.version"),
                System.getProperty("os.name") + " " + System.getProperty("os.version") + " " + System.getProperty("os.arch"),
                ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
    }
}

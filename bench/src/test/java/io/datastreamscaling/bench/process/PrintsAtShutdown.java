package io.datastreamscaling.bench.process;

import java.util.concurrent.CountDownLatch;

/**
 * A child for {@link ChildProcessTest}: says it is ready, then waits; on SIGTERM its shutdown hook prints
 * one more line, as a JVM writing an archive at exit does (and as JDK 25's cache-assembling JVM does).
 */
public final class PrintsAtShutdown {
    static final String READY = "ready";
    static final String AT_SHUTDOWN = "printed by the shutdown hook";

    private PrintsAtShutdown() {
    }

    public static void main(String[] args) throws InterruptedException {
        Runtime.getRuntime().addShutdownHook(new Thread(() -> System.out.println(AT_SHUTDOWN)));
        System.out.println(READY);
        new CountDownLatch(1).await(); // until SIGTERM
    }
}

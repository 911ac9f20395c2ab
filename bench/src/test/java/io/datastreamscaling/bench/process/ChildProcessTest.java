package io.datastreamscaling.bench.process;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class ChildProcessTest {
    private static final Duration TIMEOUT = Duration.ofSeconds(60);

    /**
     * What a JDK 25 training run needs: after SIGTERM the child can still write, and we still read. With
     * {@code Process.destroy()} our ends of its pipes were closed at once, and the JVM that assembles the
     * AOT cache at exit died on its first line (docs/benchmarks.md, caveat 1 of the run of 2026-12-07).
     */
    @Test
    void stoppedChildStillWritesAndIsReadUntilItExits() throws Exception {
        try (ChildProcess child = ChildJvm.mainClass(PrintsAtShutdown.class.getName()).start()) {
            assertTrue(child.awaitLine(PrintsAtShutdown.READY::equals, TIMEOUT).isPresent(), child::stderrTail);

            int exit = child.stop(TIMEOUT);

            assertEquals(143, exit, "ended by SIGTERM (128 + 15)");
            assertTrue(child.stdoutLines().contains(PrintsAtShutdown.AT_SHUTDOWN),
                    () -> "the shutdown hook's line was read: " + child.stdoutLines());
        }
    }
}

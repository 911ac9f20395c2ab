package io.datastreamscaling.local.broker.testing;

import io.datastreamscaling.local.broker.cluster.ClusterNodeMain;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.ProcessBuilder.Redirect;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** One {@link ClusterNodeMain} JVM of a {@link ProcessCluster}: started, stopped, killed, started again. */
final class NodeProcess {
    /** Three brokers and the test share two cores: a small heap, one GC thread, no C2 compiler. */
    private static final List<String> JVM_OPTIONS = List.of(
            "-Xmx384m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-Djava.awt.headless=true");

    private final int nodeId;
    private final List<String> arguments;
    private final Path logFile;
    private Process process;

    NodeProcess(int nodeId, List<String> arguments, Path logFile) {
        this.nodeId = nodeId;
        this.arguments = List.copyOf(arguments);
        this.logFile = logFile;
    }

    int nodeId() {
        return nodeId;
    }

    Path logFile() {
        return logFile;
    }

    synchronized void start() {
        if (isAlive()) {
            throw new IllegalStateException("node " + nodeId + " is already running");
        }
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(JVM_OPTIONS);
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(ClusterNodeMain.class.getName());
        command.addAll(arguments);
        try {
            process = new ProcessBuilder(command)
                    .redirectErrorStream(true)
                    .redirectOutput(Redirect.appendTo(logFile.toFile()))
                    .start();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start cluster node " + nodeId, e);
        }
    }

    synchronized boolean isAlive() {
        return process != null && process.isAlive();
    }

    /** SIGTERM, then wait for the controlled shutdown to finish and the JVM to exit. */
    synchronized void stopCleanly(Duration timeout) {
        process.destroy();
        awaitExit(timeout, "stop cleanly (SIGTERM)");
    }

    /** SIGKILL: no shutdown hook, no controlled shutdown, unflushed page cache left as it is. */
    synchronized void kill(Duration timeout) {
        process.destroyForcibly();
        awaitExit(timeout, "die (SIGKILL)");
    }

    private void awaitExit(Duration timeout, String what) {
        try {
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly();
                throw new AssertionError("node " + nodeId + " did not " + what + " within " + timeout + "; see " + logFile);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for node " + nodeId + " to " + what, e);
        }
    }

    /** For JVM exit and cleanup: kill without waiting for anything but the exit itself. */
    synchronized void destroy() {
        if (process != null && process.isAlive()) {
            kill(Duration.ofSeconds(30));
        }
    }
}

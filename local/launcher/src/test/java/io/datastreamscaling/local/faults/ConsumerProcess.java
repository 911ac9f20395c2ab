package io.datastreamscaling.local.faults;

import io.datastreamscaling.consumer.ConsumerMain;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.ProcessBuilder.Redirect;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * One consumer instance as its own JVM ({@link ConsumerMain} on the test classpath), so that a
 * {@link #kill()} is a real SIGKILL: no shutdown hook, no final commit, no LeaveGroup.
 */
final class ConsumerProcess {
    /** Three consumers, the broker and the test share two cores: small heap, one GC thread, no C2. */
    private static final List<String> JVM_OPTIONS = List.of(
            "-Xmx256m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-Djava.awt.headless=true");

    private final String name;
    private final Process process;

    private ConsumerProcess(String name, Process process) {
        this.name = name;
        this.process = process;
    }

    /** Starts {@code ConsumerMain} with exactly {@code env} added to this JVM's environment; output to {@code logFile}. */
    static ConsumerProcess start(String name, Map<String, String> env, Path logFile) {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(JVM_OPTIONS);
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(ConsumerMain.class.getName());
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(Redirect.appendTo(logFile.toFile()));
        builder.environment().putAll(env);
        try {
            return new ConsumerProcess(name, builder.start());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start consumer " + name, e);
        }
    }

    String name() {
        return name;
    }

    boolean isAlive() {
        return process.isAlive();
    }

    /** SIGKILL and wait for the exit. */
    void kill() {
        process.destroyForcibly();
        awaitExit(Duration.ofSeconds(30), "die (SIGKILL)");
    }

    /** SIGTERM: the service commits what it processed and leaves the group. */
    void stop() {
        process.destroy();
        try {
            awaitExit(Duration.ofSeconds(60), "stop (SIGTERM)");
        } catch (AssertionError e) {
            process.destroyForcibly();
            throw e;
        }
    }

    /** Cleanup after a failure: SIGKILL if still running, without waiting. */
    void destroy() {
        if (process.isAlive()) {
            process.destroyForcibly();
        }
    }

    private void awaitExit(Duration timeout, String what) {
        try {
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                throw new AssertionError("consumer " + name + " did not " + what + " within " + timeout);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for consumer " + name, e);
        }
    }
}

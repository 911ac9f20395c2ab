package io.datastreamscaling.local.process;

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
 * One service (the consumer's or the streams app's {@code main}) as a JVM of its own, started from this
 * JVM's classpath (the launcher's shaded jar, or the test classpath), so that {@link #kill()} is a real
 * SIGKILL: no shutdown hook, no final commit, no LeaveGroup; what survives is only what the service made
 * durable before, which is the point of killing it.
 */
public final class ServiceProcess {
    /** Several JVMs and the broker share two cores: small heap, one GC thread, no C2. */
    private static final List<String> JVM_OPTIONS = List.of(
            "-Xmx256m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-Djava.awt.headless=true");

    private final String name;
    private final Process process;

    private ServiceProcess(String name, Process process) {
        this.name = name;
        this.process = process;
    }

    /**
     * Starts {@code mainClass} with {@code env} added to this JVM's environment; its output is appended
     * to {@code logFile}.
     */
    public static ServiceProcess start(String name, Class<?> mainClass, Map<String, String> env, Path logFile) {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(JVM_OPTIONS);
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(mainClass.getName());
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(Redirect.appendTo(logFile.toFile()));
        builder.environment().putAll(env);
        try {
            return new ServiceProcess(name, builder.start());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + name, e);
        }
    }

    public String name() {
        return name;
    }

    public long pid() {
        return process.pid();
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    /** SIGKILL and wait for the exit. */
    public void kill() {
        process.destroyForcibly();
        awaitExit(Duration.ofSeconds(30), "die (SIGKILL)");
    }

    /** SIGTERM: the service commits what it processed and leaves the group; SIGKILL if it has not exited in time. */
    public void stop() {
        process.destroy();
        try {
            awaitExit(Duration.ofSeconds(60), "stop (SIGTERM)");
        } catch (IllegalStateException e) {
            process.destroyForcibly();
            throw e;
        }
    }

    /** Cleanup after a failure: SIGKILL if still running, without waiting. */
    public void destroy() {
        if (process.isAlive()) {
            process.destroyForcibly();
        }
    }

    private void awaitExit(Duration timeout, String what) {
        try {
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                throw new IllegalStateException(name + " did not " + what + " within " + timeout);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for " + name, e);
        }
    }
}

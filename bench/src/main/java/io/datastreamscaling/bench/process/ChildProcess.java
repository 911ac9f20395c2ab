package io.datastreamscaling.bench.process;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * A running child JVM whose stdout lines are kept (with the time each arrived) and whose stderr tail
 * is kept for error messages. Waits are bounded: a child that hangs is killed and reported.
 */
public final class ChildProcess implements AutoCloseable {
    private static final int STDERR_TAIL_LINES = 20;

    /** One stdout line and when it arrived, in {@link System#nanoTime()}. */
    public record Line(long arrivedNanos, String text) {
    }

    private final Process process;
    private final long launchedNanos;
    private final String description;
    private final List<Line> stdout = new ArrayList<>();
    private final Deque<String> stderrTail = new ArrayDeque<>();
    private final Thread stdoutReader;
    private final Thread stderrReader;

    ChildProcess(Process process, long launchedNanos, String description) {
        this.process = process;
        this.launchedNanos = launchedNanos;
        this.description = description;
        this.stdoutReader = reader(process.getInputStream(), this::addStdout, "stdout");
        this.stderrReader = reader(process.getErrorStream(), this::addStderr, "stderr");
    }

    private Thread reader(InputStream stream, java.util.function.Consumer<String> sink, String name) {
        Thread thread = new Thread(() -> {
            try (BufferedReader reader = new BufferedReader(new InputStreamReader(stream, StandardCharsets.UTF_8))) {
                for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                    sink.accept(line);
                }
            } catch (IOException e) {
                // The stream closes under us when the child is killed: its output simply ends there.
            }
        }, "child-" + process.pid() + "-" + name);
        thread.setDaemon(true);
        thread.start();
        return thread;
    }

    private void addStdout(String text) {
        long now = System.nanoTime();
        synchronized (stdout) {
            stdout.add(new Line(now, text));
            stdout.notifyAll();
        }
    }

    private void addStderr(String text) {
        synchronized (stderrTail) {
            if (stderrTail.size() == STDERR_TAIL_LINES) {
                stderrTail.removeFirst();
            }
            stderrTail.addLast(text);
        }
    }

    public long pid() {
        return process.pid();
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    public Duration sinceLaunch() {
        return Duration.ofNanos(System.nanoTime() - launchedNanos);
    }

    /** Waits at most {@code timeout} for the child to exit by itself; true if it did. */
    public boolean exitsWithin(Duration timeout) throws InterruptedException {
        return process.waitFor(Math.max(0, timeout.toMillis()), TimeUnit.MILLISECONDS);
    }

    /**
     * Time from launch to the first stdout line matching {@code predicate}: the start-up figure
     * (e.g. launch → first acknowledged order). Empty if no such line came within {@code timeout}.
     */
    public Optional<Duration> awaitLine(Predicate<String> predicate, Duration timeout) throws InterruptedException {
        return awaitFirst(predicate, timeout).map(line -> Duration.ofNanos(line.arrivedNanos() - launchedNanos));
    }

    /**
     * The first stdout line matching {@code predicate}, with its arrival time; empty if none came
     * within {@code timeout} or the child ended without printing one.
     */
    public Optional<Line> awaitFirst(Predicate<String> predicate, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        int checked = 0;
        synchronized (stdout) {
            while (true) {
                for (; checked < stdout.size(); checked++) {
                    Line line = stdout.get(checked);
                    if (predicate.test(line.text())) {
                        return Optional.of(line);
                    }
                }
                long remainingMs = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
                if (remainingMs <= 0 || (!process.isAlive() && !stdoutReader.isAlive())) {
                    return Optional.empty();
                }
                stdout.wait(Math.min(remainingMs, 100));
            }
        }
    }

    /** When the child was launched, in {@link System#nanoTime()}. */
    public long launchedNanos() {
        return launchedNanos;
    }

    /** Waits for the child to exit and its output to be read; kills it if it runs past {@code timeout}. */
    public int awaitExit(Duration timeout) throws InterruptedException {
        if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            close();
            throw new IllegalStateException("child JVM did not finish within " + timeout + ": " + description
                    + "\nlast stderr lines:\n" + stderrTail());
        }
        stdoutReader.join(TimeUnit.SECONDS.toMillis(10));
        stderrReader.join(TimeUnit.SECONDS.toMillis(10));
        return process.exitValue();
    }

    /** Waits for a successful exit and returns the stdout lines; a non-zero exit is an error naming the child. */
    public List<String> awaitSuccess(Duration timeout) throws InterruptedException {
        int exit = awaitExit(timeout);
        if (exit != 0) {
            throw new IllegalStateException("child JVM exited with " + exit + ": " + description
                    + "\nlast stderr lines:\n" + stderrTail());
        }
        return stdoutLines();
    }

    public List<String> stdoutLines() {
        synchronized (stdout) {
            return stdout.stream().map(Line::text).toList();
        }
    }

    /** The last stdout lines, for error messages (our services log to stdout). */
    public String stdoutTail() {
        synchronized (stdout) {
            return stdout.subList(Math.max(0, stdout.size() - STDERR_TAIL_LINES), stdout.size()).stream()
                    .map(Line::text).collect(java.util.stream.Collectors.joining("\n"));
        }
    }

    public String stderrTail() {
        synchronized (stderrTail) {
            return String.join("\n", stderrTail);
        }
    }

    /**
     * Asks the child to stop (SIGTERM: shutdown hooks run, and a JVM writing a class archive at exit
     * writes it) and waits for it, its output read to the end; killed if it takes longer than {@code timeout}.
     */
    public int stop(Duration timeout) throws InterruptedException {
        // SIGTERM through the handle: Process.destroy() also closes our ends of the child's pipes at once.
        // A JDK 25 training run (-XX:AOTCacheOutput) assembles its AOT cache at exit in a second JVM that
        // inherits those pipes: its first line to a closed pipe killed it (SIGPIPE), and no cache was written.
        process.toHandle().destroy();
        return awaitExit(timeout);
    }

    @Override
    public void close() {
        process.destroyForcibly();
    }
}

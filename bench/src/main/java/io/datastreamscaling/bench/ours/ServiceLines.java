package io.datastreamscaling.bench.ours;

import io.datastreamscaling.bench.process.ChildProcess;
import java.time.Duration;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The lines of our services the harness reads, as {@code ProducerService}, {@code OrderSender},
 * {@code RebalanceHandler}, {@code StreamsService} and {@code ServiceHttpServer} log them (slf4j-simple adds a prefix, so
 * these are searched within the line).
 */
public final class ServiceLines {
    /** ProducerService after PRODUCER_MAX_ORDERS: every order acknowledged (or failed). */
    static final Pattern GENERATOR_FINISHED = Pattern.compile("generator finished: (\\d+) orders acknowledged in (\\d+) ms \\((\\d+) failed\\)");
    /** OrderSender, once. */
    static final Predicate<String> FIRST_ACKNOWLEDGED = line -> line.contains("first order acknowledged");
    /** RebalanceHandler when the group join completed with partitions for us (not an empty cooperative step). */
    static final Predicate<String> ASSIGNED = line -> line.contains(" assigned [") && !line.contains(" assigned []");
    /** StreamsService on each state change; RUNNING: tasks assigned and restored, processing. */
    static final Predicate<String> STREAMS_RUNNING = line -> line.contains(" -> RUNNING");
    static final Pattern HTTP_PORT = Pattern.compile("HTTP on port (\\d+)");

    private ServiceLines() {
    }

    static ChildProcess.Line await(ChildProcess child, Predicate<String> line, Duration timeout, String what)
            throws InterruptedException {
        return child.awaitFirst(line, timeout).orElseThrow(() -> new IllegalStateException(
                "no '" + what + "' line within " + timeout + (child.isAlive() ? "" : " (the child exited)")
                        + "\nlast stdout lines:\n" + child.stdoutTail() + "\nlast stderr lines:\n" + child.stderrTail()));
    }

    static Matcher await(ChildProcess child, Pattern pattern, Duration timeout) throws InterruptedException {
        String text = await(child, line -> pattern.matcher(line).find(), timeout, pattern.pattern()).text();
        Matcher m = pattern.matcher(text);
        if (!m.find()) {
            throw new IllegalStateException("unreachable: " + text);
        }
        return m;
    }

    /** The port of the child's HTTP server, from its start-up line. */
    public static int httpPort(ChildProcess child, Duration timeout) throws InterruptedException {
        return Integer.parseInt(await(child, HTTP_PORT, timeout).group(1));
    }
}

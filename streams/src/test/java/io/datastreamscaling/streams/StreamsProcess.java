package io.datastreamscaling.streams;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.ProcessBuilder.Redirect;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The streams service as its own JVM ({@link StreamsMain} on the test classpath), so that
 * {@link #halt()} is a real SIGKILL: no shutdown hook, no commit, no close of the open transaction.
 */
final class StreamsProcess implements AutoCloseable {
    /** The test, the broker and this JVM share two cores: small heap, one GC thread, no C2. */
    private static final List<String> JVM_OPTIONS = List.of(
            "-Xmx256m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-Djava.awt.headless=true");

    private final Process process;
    private final int httpPort;

    private StreamsProcess(Process process, int httpPort) {
        this.process = process;
        this.httpPort = httpPort;
    }

    /** Starts {@code StreamsMain} with {@code env} (HTTP_PORT chosen here) added to this JVM's environment. */
    static StreamsProcess start(Map<String, String> env, Path logFile) {
        int port = freePort();
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(JVM_OPTIONS);
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(StreamsMain.class.getName());
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(Redirect.appendTo(logFile.toFile()));
        builder.environment().putAll(env);
        builder.environment().put(StreamsSettings.HTTP_PORT, Integer.toString(port));
        try {
            return new StreamsProcess(builder.start(), port);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start the streams service", e);
        }
    }

    int httpPort() {
        return httpPort;
    }

    boolean isAlive() {
        return process.isAlive();
    }

    /** SIGKILL, as a crashed JVM or a killed pod: wait until it is gone. */
    void halt() {
        process.destroyForcibly();
        try {
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                throw new AssertionError("the streams JVM did not die within 30 s of SIGKILL");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while halting the streams JVM", e);
        }
    }

    /** Cleanup: SIGKILL if still running. */
    @Override
    public void close() {
        if (process.isAlive()) {
            halt();
        }
    }

    /**
     * The value of a counter on the service's {@code /metrics} ({@code name} with all its labels, as
     * the Prometheus text shows it), 0 before the service answers.
     */
    double metric(String seriesPrefix) {
        try {
            String body = TestCluster.get(httpPort, "/metrics").body();
            double sum = 0;
            for (String line : body.split("\n")) {
                if (line.startsWith(seriesPrefix)) {
                    sum += Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
                }
            }
            return sum;
        } catch (UncheckedIOException notUpYet) {
            return 0;
        }
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

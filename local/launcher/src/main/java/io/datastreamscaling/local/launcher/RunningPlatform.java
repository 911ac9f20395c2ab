package io.datastreamscaling.local.launcher;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A local platform started by {@link LocalPlatform#startInBackground}: where its services listen, and
 * how to stop it. Closing stops the services and the broker and waits (bounded) until they are down.
 */
public final class RunningPlatform implements AutoCloseable {
    private final Map<String, Integer> httpPorts;
    private final int livePagePort;
    private final String bootstrapServers;
    private final Runnable stopAndWait;
    private final CompletableFuture<Integer> exitCode;

    RunningPlatform(Map<String, Integer> httpPorts, int livePagePort, String bootstrapServers, Runnable stopAndWait,
            CompletableFuture<Integer> exitCode) {
        this.httpPorts = Map.copyOf(httpPorts);
        this.livePagePort = livePagePort;
        this.bootstrapServers = bootstrapServers;
        this.stopAndWait = stopAndWait;
        this.exitCode = exitCode;
    }

    /** The HTTP port (metrics, health) of each running service, by service name ({@code producer}, …). */
    public Map<String, Integer> httpPorts() {
        return httpPorts;
    }

    /** The port of the live page ({@code http://localhost:<port>/live}). */
    public int livePagePort() {
        return livePagePort;
    }

    public String bootstrapServers() {
        return bootstrapServers;
    }

    /** The launcher's exit code once the run has ended (after {@code --duration}, or after {@link #close()}). */
    public int awaitExitCode(Duration timeout) throws InterruptedException, TimeoutException {
        try {
            return exitCode.get(timeout.toNanos(), TimeUnit.NANOSECONDS);
        } catch (ExecutionException e) {
            throw new IllegalStateException("the platform's run failed", e.getCause());
        }
    }

    /** Stops the services and the broker, and waits until they are closed. Idempotent. */
    @Override
    public void close() {
        stopAndWait.run();
    }
}

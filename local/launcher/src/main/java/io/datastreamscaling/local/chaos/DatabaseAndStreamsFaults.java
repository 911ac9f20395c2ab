package io.datastreamscaling.local.chaos;

import io.datastreamscaling.local.faults.TcpProxy;
import io.datastreamscaling.local.process.ChildService;
import java.time.Duration;
import java.util.Optional;

/**
 * The faults every chaos run injects the same way, whatever its consumers are: the database connection
 * cut and restored at the {@link TcpProxy} between the consumers and PostgreSQL (the database itself keeps
 * running, so the verification can still read it), and the streams app, a child JVM when the run has one,
 * SIGKILLed and started again. A run's targets add how a consumer is killed and restarted: the one child
 * of the one command, or one instance of the {@code --scale} fleet.
 */
public abstract class DatabaseAndStreamsFaults implements ChaosTargets {
    protected final TcpProxy proxy;
    protected final Optional<ChildService> streams;
    private final Duration readyTimeout;
    private final String consumers;

    /**
     * @param readyTimeout how long a restarted streams app may take to be ready
     * @param consumers    who is cut off, for the event line ({@code consumer} or {@code consumers})
     */
    protected DatabaseAndStreamsFaults(TcpProxy proxy, Optional<ChildService> streams, Duration readyTimeout, String consumers) {
        this.proxy = proxy;
        this.streams = streams;
        this.readyTimeout = readyTimeout;
        this.consumers = consumers;
    }

    @Override
    public final String cutDatabase() {
        proxy.cut();
        return "database connection cut (" + consumers + " -> PostgreSQL)";
    }

    @Override
    public final String restoreDatabase() {
        proxy.restore();
        return "database connection restored";
    }

    @Override
    public final String killStreams() {
        ChildService app = streams.orElseThrow(() -> new IllegalStateException("no streams app in this run"));
        return "streams (pid " + app.kill() + ")";
    }

    @Override
    public final String restartStreams() throws InterruptedException {
        return streams.orElseThrow().restart(readyTimeout);
    }
}

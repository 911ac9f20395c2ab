package io.datastreamscaling.local.scaling.live;

import io.datastreamscaling.local.chaos.ChaosTargets;
import io.datastreamscaling.local.faults.TcpProxy;
import io.datastreamscaling.local.process.ChildService;
import java.time.Duration;
import java.util.Optional;
import java.util.Random;

/**
 * {@code --scale --chaos}'s targets: one instance of the consumer fleet (a child JVM), the proxy between
 * the fleet and PostgreSQL, and the run's streams app (a child JVM).
 */
final class FleetChaosTargets implements ChaosTargets {
    private final ConsumerFleet fleet;
    private final TcpProxy proxy;
    private final Optional<ChildService> streams;
    private final Duration readyTimeout;

    FleetChaosTargets(ConsumerFleet fleet, TcpProxy proxy, Optional<ChildService> streams, Duration readyTimeout) {
        this.fleet = fleet;
        this.proxy = proxy;
        this.streams = streams;
        this.readyTimeout = readyTimeout;
    }

    @Override
    public String killConsumer(Random random) {
        return fleet.kill(random);
    }

    @Override
    public String restartConsumer() throws InterruptedException {
        Optional<ChildService> restarted = fleet.restartKilled();
        if (restarted.isEmpty()) {
            return "killed consumer not restarted: the policy scaled it away meanwhile";
        }
        return restarted.get().name() + " restarted, " + restarted.get().awaitReadyOrThrow(readyTimeout);
    }

    @Override
    public String cutDatabase() {
        proxy.cut();
        return "database connection cut (consumers -> PostgreSQL)";
    }

    @Override
    public String restoreDatabase() {
        proxy.restore();
        return "database connection restored";
    }

    @Override
    public String killStreams() {
        ChildService app = streams.orElseThrow(() -> new IllegalStateException("no streams app in this run"));
        return "streams (pid " + app.kill() + ")";
    }

    @Override
    public String restartStreams() throws InterruptedException {
        return streams.orElseThrow().restart(readyTimeout);
    }
}

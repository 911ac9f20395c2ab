package io.datastreamscaling.local.scaling.live;

import io.datastreamscaling.local.chaos.DatabaseAndStreamsFaults;
import io.datastreamscaling.local.faults.TcpProxy;
import io.datastreamscaling.local.process.ChildService;
import java.time.Duration;
import java.util.Optional;
import java.util.Random;

/**
 * {@code --scale --chaos}'s targets: one instance of the consumer fleet (a child JVM), the proxy between
 * the fleet and PostgreSQL, and the run's streams app (a child JVM).
 */
final class FleetChaosTargets extends DatabaseAndStreamsFaults {
    private final ConsumerFleet fleet;
    private final Duration readyTimeout;

    FleetChaosTargets(ConsumerFleet fleet, TcpProxy proxy, Optional<ChildService> streams, Duration readyTimeout) {
        super(proxy, streams, readyTimeout, "consumers");
        this.fleet = fleet;
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
}

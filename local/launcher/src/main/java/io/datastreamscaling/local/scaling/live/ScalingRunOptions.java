package io.datastreamscaling.local.scaling.live;

import java.nio.file.Path;
import java.time.Duration;

/**
 * What the launcher's {@code --scale} mode is told on the command line; the policy's own parameters
 * come from the {@code SCALING_*} variables ({@code ScalingPolicySettings}).
 *
 * @param tick       how often lag is measured, the policy evaluated and a status line printed
 * @param postgres   {@code --sink postgres}: every instance writes to PostgreSQL (exactly-once) and
 *                   the run ends by counting the table; otherwise the log sink
 */
public record ScalingRunOptions(Path dataDir, int kafkaPort, boolean wipe, Duration tick, Duration drainTimeout,
                                boolean postgres, LoadProfile profile) {
}

package io.datastreamscaling.local.scaling.live;

import java.nio.file.Path;
import java.time.Duration;

/**
 * What the launcher's {@code --scale} mode is told on the command line; the policy's own parameters
 * come from the {@code SCALING_*} variables ({@code ScalingPolicySettings}).
 *
 * @param tick         how often lag is measured, the policy evaluated and a status line printed
 * @param postgres     every instance writes to PostgreSQL (exactly-once; the launcher's embedded server unless
 *                     {@code DB_URL} names one) and the run ends by checking the table; otherwise the log sink
 * @param livePagePort the live page's port (0: any free one)
 * @param chaos        {@code --chaos}: the instances run as child JVMs and faults are played during the profile
 * @param chaosSeed    the seed of the fault schedule
 * @param streams      under {@code --chaos}, a streams app (child JVM) on the run's topic, killed among the faults
 */
public record ScalingRunOptions(Path dataDir, int kafkaPort, Duration tick, Duration drainTimeout,
                                boolean postgres, LoadProfile profile, int livePagePort, boolean chaos, long chaosSeed,
                                boolean streams) {
}

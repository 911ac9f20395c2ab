package io.datastreamscaling.local.scaling.live;

import java.time.Duration;
import java.util.Optional;

/**
 * The producer's load in a scaling run: {@code steadyRate} orders/s for {@code warmUp}, then a burst
 * of {@code burstRate} (a number, or {@code max}: as fast as the broker takes them) on top of it for
 * {@code burst}, then the steady rate alone for {@code coolDown}, then the producer stops.
 *
 * @param coolDown empty: the scale-down stabilization window plus {@link #DEFAULT_COOL_DOWN_MARGIN},
 *                 so the run shows the group shrinking again
 */
public record LoadProfile(String steadyRate, String burstRate, Duration warmUp, Duration burst, Optional<Duration> coolDown) {
    public static final String DEFAULT_STEADY_RATE = "200";
    public static final String DEFAULT_BURST_RATE = "max";
    public static final Duration DEFAULT_WARM_UP = Duration.ofSeconds(15);
    public static final Duration DEFAULT_BURST = Duration.ofSeconds(10);
    public static final Duration DEFAULT_COOL_DOWN_MARGIN = Duration.ofSeconds(20);

    public static LoadProfile defaults() {
        return new LoadProfile(DEFAULT_STEADY_RATE, DEFAULT_BURST_RATE, DEFAULT_WARM_UP, DEFAULT_BURST, Optional.empty());
    }

    Duration coolDownAfter(Duration scaleDownStabilization) {
        return coolDown.orElse(scaleDownStabilization.plus(DEFAULT_COOL_DOWN_MARGIN));
    }
}

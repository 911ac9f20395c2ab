package io.datastreamscaling.local.scaling.live;

import java.util.List;
import java.util.Locale;

/** The live lines of a scaling run: one status line per tick, one line per scale event with its reason. */
final class ScalingStatus {
    private final long startNanos;
    private final LoadGenerator load;
    private final ConsumerFleet fleet;
    private long lastNanos;
    private long lastProduced;
    private long lastConsumed;

    ScalingStatus(long startNanos, LoadGenerator load, ConsumerFleet fleet) {
        this.startNanos = startNanos;
        this.load = load;
        this.fleet = fleet;
        this.lastNanos = System.nanoTime();
        this.lastProduced = load.acknowledged();
        this.lastConsumed = fleet.consumed();
    }

    String line(LoadGenerator.Phase phase, long lag) {
        long now = System.nanoTime();
        long produced = load.acknowledged();
        long consumed = fleet.consumed();
        double seconds = Math.max(1e-3, (now - lastNanos) / 1e9);
        String line = String.format(Locale.ROOT, "%s %-9s instances %2d  lag %,9d  produced %,8.0f/s  consumed %,8.0f/s",
                clock(now), phase.label, fleet.size(), lag, (produced - lastProduced) / seconds, (consumed - lastConsumed) / seconds);
        lastNanos = now;
        lastProduced = produced;
        lastConsumed = consumed;
        return line;
    }

    String event(String reason, List<String> changes) {
        return clock(System.nanoTime()) + " SCALE " + reason + "  [" + String.join(" ", changes) + "]";
    }

    private String clock(long now) {
        return String.format(Locale.ROOT, "[%4ds]", (now - startNanos) / 1_000_000_000L);
    }
}

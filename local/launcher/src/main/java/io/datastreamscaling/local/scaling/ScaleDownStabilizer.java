package io.datastreamscaling.local.scaling;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;

/**
 * The Kubernetes HPA's scale-down stabilization: remember every recommendation of the last window
 * and never go below the highest of them. Scale-up is not delayed (the HPA's default scale-up
 * window is 0 s): a backlog should get consumers now, while removing one too early costs two
 * rebalances when the next burst arrives.
 */
final class ScaleDownStabilizer {
    private record Recommendation(Instant at, int replicas) {
    }

    private final Duration window;
    private final Deque<Recommendation> recent = new ArrayDeque<>();

    ScaleDownStabilizer(Duration window) {
        this.window = window;
    }

    /** Records {@code recommended} and returns the highest recommendation within the window ending at {@code now}. */
    int highestWithinWindow(Instant now, int recommended) {
        recent.addLast(new Recommendation(now, recommended));
        Instant oldestKept = now.minus(window);
        while (recent.peekFirst().at().isBefore(oldestKept)) {
            recent.removeFirst();
        }
        return recent.stream().mapToInt(Recommendation::replicas).max().orElse(recommended);
    }
}

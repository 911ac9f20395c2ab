package io.datastreamscaling.local.chaos;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;

/**
 * When {@code --chaos} strikes, drawn from a seed so a run can be replayed ({@code --chaos-seed}).
 *
 * <p>The faults fall between 15 % and 70 % of the run's duration, one per slot of that window, each over
 * before its slot ends: a fault starts while orders flow and ends before the producer stops, so the
 * drain and the verification see the recovery, not a fault still going on. Every kind asked for comes at
 * least once; longer runs get more faults (one slot per 15 s), the kinds after the first round drawn at
 * random.
 */
public record ChaosSchedule(long seed, List<Fault> faults) {
    /** The shortest run that fits one of each fault with room to recover. */
    public static final Duration MINIMUM_DURATION = Duration.ofSeconds(30);
    private static final Duration SLOT_EVERY = Duration.ofSeconds(15);
    private static final double WINDOW_START = 0.15;
    private static final double WINDOW_END = 0.70;

    /** What happens, when (from the start of the load) and for how long until the restart or reconnect. */
    public record Fault(FaultKind kind, Duration at, Duration lasting) {
        public Duration endsAt() {
            return at.plus(lasting);
        }
    }

    public ChaosSchedule {
        faults = List.copyOf(faults);
    }

    /** @param kinds what may be done to this run (no streams kill with {@code --no-streams}); not empty */
    public static ChaosSchedule plan(long seed, Duration duration, List<FaultKind> kinds) {
        if (kinds.isEmpty()) {
            throw new IllegalArgumentException("no fault kind to plan");
        }
        if (duration.compareTo(MINIMUM_DURATION) < 0) {
            throw new IllegalArgumentException("--chaos needs --duration of at least " + MINIMUM_DURATION.toSeconds() + " s");
        }
        Random random = new Random(seed);
        long windowStart = (long) (duration.toMillis() * WINDOW_START);
        long windowEnd = (long) (duration.toMillis() * WINDOW_END);
        int slots = (int) Math.max(kinds.size(), duration.toMillis() / SLOT_EVERY.toMillis());
        List<FaultKind> order = new ArrayList<>(kinds);
        Collections.shuffle(order, random);
        while (order.size() < slots) {
            order.add(kinds.get(random.nextInt(kinds.size())));
        }
        long slot = (windowEnd - windowStart) / slots;
        List<Fault> faults = new ArrayList<>();
        for (int i = 0; i < slots; i++) {
            FaultKind kind = order.get(i);
            // A second of the slot is kept free, so a recovery is seen before the next fault.
            long longest = Math.min(kind.longest().toMillis(), slot - 1000);
            long shortest = Math.min(kind.shortest().toMillis(), longest);
            long lasting = shortest + (longest > shortest ? random.nextLong(longest - shortest + 1) : 0);
            long latestStart = slot - 1000 - lasting;
            long at = windowStart + i * slot + (latestStart > 0 ? random.nextLong(latestStart + 1) : 0);
            faults.add(new Fault(kind, Duration.ofMillis(at), Duration.ofMillis(lasting)));
        }
        return new ChaosSchedule(seed, faults);
    }

    /** A seed for a run without {@code --chaos-seed}: printed, so the run can be replayed. */
    public static long freshSeed() {
        return new Random().nextInt(1_000_000);
    }
}

package io.datastreamscaling.local.chaos;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.datastreamscaling.local.chaos.ChaosSchedule.Fault;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ChaosScheduleTest {
    private static final List<FaultKind> ALL = List.of(FaultKind.CONSUMER_KILL, FaultKind.DATABASE_CUT, FaultKind.STREAMS_KILL);

    @Test
    void theSameSeedPlansTheSameFaultsSoARunCanBeReplayed() {
        assertEquals(ChaosSchedule.plan(42, Duration.ofSeconds(120), ALL), ChaosSchedule.plan(42, Duration.ofSeconds(120), ALL));
        assertNotEquals(ChaosSchedule.plan(42, Duration.ofSeconds(120), ALL).faults(),
                ChaosSchedule.plan(43, Duration.ofSeconds(120), ALL).faults());
    }

    @ParameterizedTest
    @ValueSource(longs = {30, 40, 60, 120, 600})
    void everyKindComesOnceAtLeastWhileOrdersFlowAndEachFaultIsOverBeforeTheNext(long seconds) {
        for (long seed = 0; seed < 20; seed++) {
            Duration duration = Duration.ofSeconds(seconds);
            List<Fault> faults = ChaosSchedule.plan(seed, duration, ALL).faults();

            Set<FaultKind> kinds = faults.stream().map(Fault::kind).collect(Collectors.toSet());
            assertEquals(Set.copyOf(ALL), kinds, "seed " + seed);
            for (int i = 0; i < faults.size(); i++) {
                Fault fault = faults.get(i);
                assertTrue(fault.at().compareTo(duration.multipliedBy(15).dividedBy(100)) >= 0, "starts after the warm-up: " + fault);
                assertTrue(fault.endsAt().compareTo(duration.multipliedBy(70).dividedBy(100)) <= 0, "over before the drain: " + fault);
                assertTrue(fault.lasting().compareTo(Duration.ofSeconds(1)) >= 0, "lasts long enough to see: " + fault);
                if (i > 0) {
                    assertTrue(faults.get(i - 1).endsAt().plusSeconds(1).compareTo(fault.at()) <= 0, "one at a time: " + faults);
                }
            }
        }
    }

    @Test
    void longerRunsGetMoreFaultsAndOnlyTheKindsAskedFor() {
        assertEquals(3, ChaosSchedule.plan(1, Duration.ofSeconds(40), ALL).faults().size());
        assertEquals(8, ChaosSchedule.plan(1, Duration.ofSeconds(120), ALL).faults().size());
        List<FaultKind> noStreams = List.of(FaultKind.CONSUMER_KILL, FaultKind.DATABASE_CUT);
        assertTrue(ChaosSchedule.plan(1, Duration.ofSeconds(120), noStreams).faults().stream()
                .noneMatch(f -> f.kind() == FaultKind.STREAMS_KILL));
    }

    @Test
    void aRunTooShortForOneOfEachIsRefused() {
        assertTrue(assertThrows(IllegalArgumentException.class, () -> ChaosSchedule.plan(1, Duration.ofSeconds(20), ALL))
                .getMessage().contains("at least 30 s"));
    }
}

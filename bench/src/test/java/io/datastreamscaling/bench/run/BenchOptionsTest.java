package io.datastreamscaling.bench.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.datastreamscaling.bench.api.OrderApiRound;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The options of the issue-20 workloads: their defaults, and a bad value refused naming the option. */
class BenchOptionsTest {
    @Test
    void quickRunsEveryWorkloadWithShortApiPhasesAndOurEndToEndAndOrderApiAtTheDefaultLingerAndAtZero() {
        BenchOptions quick = BenchOptions.parse(List.of("--quick"), Map.of());

        assertTrue(quick.ours().contains(BenchPlan.Ours.API), quick.ours()::toString);
        assertEquals(List.of(5, 0), quick.latencyLingers());
        assertEquals(new OrderApiRound.Settings(32, 500, Duration.ofSeconds(1)), quick.apiSettings());
        assertEquals(List.of(5, 0), quick.apiLingers(), "the order API at the default linger and at none");
    }

    @Test
    void fullRunsLongerApiPhases() {
        BenchOptions full = BenchOptions.parse(List.of(), Map.of());

        assertEquals(new OrderApiRound.Settings(32, 5_000, Duration.ofSeconds(10)), full.apiSettings());
    }

    @Test
    void aNegativeLingerIsRefusedNamingTheOption() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> BenchOptions.parse(List.of("--latency-lingers", "5,-1"), Map.of()));

        assertTrue(e.getMessage().startsWith("--latency-lingers must be at least 0"), e::getMessage);
    }

    @Test
    void aFullRunNeedsThreeRoundsForAMedianWhileASmokeCheckMayRunOne() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> BenchOptions.parse(List.of("--rounds", "2"), Map.of()));

        assertTrue(e.getMessage().startsWith("--rounds must be at least 3"), e::getMessage);
        assertEquals(1, BenchOptions.parse(List.of("--quick", "--rounds", "1"), Map.of()).rounds());
        assertThrows(IllegalArgumentException.class, () -> BenchOptions.parse(List.of("--quick", "--rounds", "0"), Map.of()));
    }

    @Test
    void noApiClientsIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> BenchOptions.parse(List.of("--api-clients", "0"), Map.of()));
    }

    @Test
    void theDefaultListHasClickHouseAsOptionalAndNamingItMakesItRequired() {
        BenchOptions byDefault = BenchOptions.parse(List.of("--quick"), Map.of());
        BenchOptions named = BenchOptions.parse(List.of("--ours", "clickhouse"), Map.of());

        assertTrue(byDefault.ours().contains(BenchPlan.Ours.CLICKHOUSE), byDefault.ours()::toString);
        assertFalse(byDefault.oursNamed(), "the default list: a missing ClickHouse is skipped with a message");
        assertEquals(java.util.Set.of(BenchPlan.Ours.CLICKHOUSE), named.ours());
        assertTrue(named.oursNamed(), "named: a missing ClickHouse fails the run");
    }
}

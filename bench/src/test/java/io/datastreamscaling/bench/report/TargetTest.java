package io.datastreamscaling.bench.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.datastreamscaling.bench.contender.Latency;
import io.datastreamscaling.bench.contender.Workload;
import io.datastreamscaling.bench.footprint.Footprint;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The targets computed from a run's medians: the right pairs, the right direction, met or missed. */
class TargetTest {
    private static final List<Summary> SUMMARY = List.of(
            latency(Workload.API_SERIAL, "GET /health/live", true, 0.3, 0.9),
            latency(Workload.API_SERIAL, "POST /orders", false, 6.5, 9.0),
            rate(Workload.API_CONCURRENT, "GET /health/live", true, 10_000),
            rate(Workload.API_CONCURRENT, "POST /orders", false, 4_000),
            latency(Workload.API_SERIAL, "GET /health/live linger 0", true, 0.3, 0.9),
            latency(Workload.API_SERIAL, "POST /orders linger 0", false, 1.5, 3.0),
            rate(Workload.API_CONCURRENT, "GET /health/live linger 0", true, 12_000),
            rate(Workload.API_CONCURRENT, "POST /orders linger 0", false, 9_000),
            latency(Workload.API_SERIAL, "KafkaProducer send().get()", false, 6.0, 8.0),
            rate(Workload.API_CONCURRENT, "KafkaProducer send().get()", false, 4_400),
            latency(Workload.API_SERIAL, "KafkaProducer send().get() linger 0", false, 0.5, 2.0),
            rate(Workload.API_CONCURRENT, "KafkaProducer send().get() linger 0", false, 30_000),
            latency(Workload.END_TO_END, "EndToEndLatency", true, 1, 8),
            latency(Workload.END_TO_END, "ours @1,000/s", false, 5.2, 16),
            latency(Workload.END_TO_END, "ours @1,000/s linger 0", false, 1.2, 11),
            rate(Workload.STREAMS, "pass-through", true, 30_000),
            rate(Workload.STREAMS, "ours", false, 14_000));
    private static final List<Footprint> FOOTPRINTS = List.of(
            new Footprint("ProducerPerformance", 1, 1_300, 20, 90),
            new Footprint("ours: producer", 1, 1_500, 20, 85),
            new Footprint("ours: consumer", 1, 2_100, 20, 80));

    @Test
    void servingAnOrderWithinLingerPlusTwoMillisecondsMeetsTheSerialTarget() {
        Target serial = find("api serial");
        assertEquals(7.0, serial.reference(), 1e-9, "linger.ms 5 + 2 ms");
        assertEquals(6.5 / 7.0, serial.ratio(), 1e-9);
        assertTrue(serial.met());
    }

    @Test
    void concurrentOrdersBelowHalfTheTrivialRouteMissTheTarget() {
        Target concurrent = find("api concurrent");
        assertEquals(0.4, concurrent.ratio(), 1e-9);
        assertFalse(concurrent.met());
    }

    @Test
    void theApiRoundsAtAnotherLingerArePairedWithTheirOwnTrivialRouteAndJudgedAgainstThatLinger() {
        Target serial = find("api serial kept-alive: POST /orders p50 vs linger.ms 0");
        assertEquals(2.0, serial.reference(), 1e-9, "linger.ms 0 + 2 ms");
        assertEquals(0.75, serial.ratio(), 1e-9);
        Target concurrent = find("api concurrent kept-alive, producer linger 0");
        assertEquals(0.75, concurrent.ratio(), 1e-9, "9,000 against the same round's 12,000, not the other round's 10,000");
        assertTrue(concurrent.met());
    }

    @Test
    void endToEndIsJudgedAtEqualLingerAndTheDefaultIsShownWithoutATarget() {
        Target equal = find("end-to-end p99 ours @1,000/s linger 0");
        assertEquals(11.0 / 8, equal.ratio(), 1e-9);
        assertTrue(equal.met(), "1.375 <= 1.5");
        Target defaultLinger = find("end-to-end p99 ours @1,000/s vs");
        assertEquals(2.0, defaultLinger.ratio(), 1e-9);
        assertNull(defaultLinger.met());
    }

    @Test
    void streamsIsComparedWithThePassThroughAndStartUpAndMemoryWithProducerPerformance() {
        assertEquals(14_000.0 / 30_000, find("streams").ratio(), 1e-9);
        assertFalse(find("streams").met());
        Target startUp = find("start-up at 1/s");
        assertEquals(1_500.0 / 1_300, startUp.ratio(), 1e-9);
        assertFalse(startUp.met(), "target <= 0.75");
        Target rss = find("RSS at 1/s");
        assertEquals(85.0 / 90, rss.ratio(), 1e-9);
        assertTrue(rss.met());
    }

    @Test
    void eachLingersOrdersAreShownBesideKafkasProducerAloneAtThatLingerWithoutATarget() {
        Target serial = find("api serial kept-alive at linger.ms 5: POST /orders p50 vs KafkaProducer send().get() p50");
        assertEquals(6.5 / 6.0, serial.ratio(), 1e-9);
        Target concurrent = find("api concurrent kept-alive at linger.ms 0: POST /orders/s vs KafkaProducer send().get()");
        assertEquals(9_000 / 30_000.0, concurrent.ratio(), 1e-9, "linger 0's orders against linger 0's floor");
        assertEquals("none", concurrent.target());
        assertNull(concurrent.met());
    }

    @Test
    void onlyTheTargetsWhoseContendersRanAreListed() {
        assertTrue(Target.of(List.of(rate(Workload.STREAMS, "ours", false, 1)), List.of()).isEmpty());
    }

    private static Target find(String prefix) {
        return Target.of(SUMMARY, FOOTPRINTS).stream().filter(t -> t.what().startsWith(prefix)).findFirst()
                .orElseThrow(() -> new AssertionError("no target starting with '" + prefix + "' in " + Target.of(SUMMARY, FOOTPRINTS)));
    }

    private static Summary latency(Workload workload, String contender, boolean reference, double p50, double p99) {
        return new Summary(workload, contender, reference, 3, 100, 0, new Latency(p50, p50, p99, p99), null);
    }

    private static Summary rate(Workload workload, String contender, boolean reference, double perSecond) {
        return new Summary(workload, contender, reference, 3, perSecond, 0, null, null);
    }
}

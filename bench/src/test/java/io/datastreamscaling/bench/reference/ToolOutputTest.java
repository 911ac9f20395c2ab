package io.datastreamscaling.bench.reference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.datastreamscaling.bench.contender.Measurement;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The Kafka 4.3 tools' output formats, as their format strings print them. */
class ToolOutputTest {

    @Test
    void producerPerformanceSummaryIsTheLineWithPercentilesNotAProgressLine() {
        List<String> out = List.of(
                "51234 records sent, 10246.8 records/sec (2.40 MB/sec), 12.3 ms avg latency, 80.0 ms max latency.",
                "100000 records sent, 12345.678901 records/sec (2.89 MB/sec), 10.50 ms avg latency, 95.00 ms max latency, 7 ms 50th, 30 ms 95th, 60 ms 99th, 90 ms 99.9th.");

        Measurement m = ProducerPerformanceOutput.parse(out);

        assertEquals(100_000, m.records());
        assertEquals(12345.678901, m.recordsPerSec(), 1e-9);
        assertEquals(2.89, m.mbPerSec(), 1e-9);
        assertEquals(60, m.latency().p99Ms(), 1e-9);
    }

    @Test
    void consumerPerformanceRatesAreTheFetchRatesWithoutTheGroupJoin() {
        List<String> out = List.of(
                "start.time, end.time, data.consumed.in.MB, MB.sec, data.consumed.in.nMsg, nMsg.sec, rebalance.time.ms, fetch.time.ms, fetch.MB.sec, fetch.nMsg.sec",
                "2026-11-26 12:57:30:860, 2026-11-26 12:57:32:860, 23.4375, 11.7188, 100000, 50000.0000, 1000, 1000, 23.4375, 100000.0000");

        Measurement m = ConsumerPerformanceOutput.parse(out);

        assertEquals(100_000, m.records());
        assertEquals(100_000.0, m.recordsPerSec(), 1e-9);
        assertEquals(23.4375, m.mbPerSec(), 1e-9);
    }

    @Test
    void endToEndLatencyPercentilesAreWholeMillisecondsAsPrinted() {
        List<String> out = List.of("0\t12.5", "Avg latency: 1.2500 ms", "Percentiles: 50th = 1, 99th = 3, 99.9th = 7");

        Measurement m = EndToEndLatencyOutput.parse(out, 1000);

        assertEquals(1.25, m.latency().avgMs(), 1e-9);
        assertEquals(3, m.latency().p99Ms(), 1e-9);
        assertEquals(7, m.latency().p999Ms(), 1e-9);
        assertEquals(800, m.recordsPerSec(), 1e-9);
    }

    @Test
    void missingSummaryIsAnErrorQuotingTheOutput() {
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> ProducerPerformanceOutput.parse(List.of("Exception in thread main")));

        assertEquals(true, e.getMessage().contains("Exception in thread main"));
    }
}

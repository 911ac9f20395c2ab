package io.datastreamscaling.local.chaos;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.datastreamscaling.local.chaos.ChaosSchedule.Fault;
import io.datastreamscaling.local.live.LiveEvents;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/**
 * The monkey's bookkeeping against recording targets (what it does to real processes is
 * {@code ChaosRunTest}'s part): each fault done, then undone, on the event list and the output, tallied.
 */
class ChaosMonkeyTest {

    @Test
    void eachFaultIsDoneThenUndoneAndReportedInOrder() {
        Recording targets = new Recording();
        LiveEvents events = new LiveEvents();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ChaosSchedule schedule = new ChaosSchedule(5, List.of(
                new Fault(FaultKind.CONSUMER_KILL, Duration.ofMillis(50), Duration.ofMillis(50)),
                new Fault(FaultKind.DATABASE_CUT, Duration.ofMillis(150), Duration.ofMillis(100)),
                new Fault(FaultKind.STREAMS_KILL, Duration.ofMillis(300), Duration.ofMillis(50))));

        ChaosMonkey monkey = ChaosMonkey.start(schedule, targets, events, new PrintStream(out, true, StandardCharsets.UTF_8), System.nanoTime());
        monkey.finish(Duration.ofSeconds(10));

        assertEquals(List.of("kill consumer", "restart consumer", "cut", "restore", "kill streams", "restart streams"), targets.calls);
        ChaosReport report = monkey.report();
        assertEquals(1, report.consumerKills());
        assertEquals(1, report.streamsKills());
        assertEquals(2, report.restarts());
        assertEquals(1, report.outageSeconds().size());
        assertTrue(report.outageSeconds().get(0) >= 0.1, "the outage lasted its planned length: " + report.outageSeconds());
        assertEquals(List.of(), report.failures());
        assertEquals(List.of("kill", "recovery", "outage", "recovery", "kill", "recovery"),
                events.snapshot().stream().map(LiveEvents.Event::kind).toList());
        assertEquals(6, out.toString(StandardCharsets.UTF_8).lines().filter(l -> l.contains(" CHAOS ")).count());
    }

    @Test
    void aFaultInProgressWhenStoppedIsStillUndoneAndNoLaterFaultStarts() {
        Recording targets = new Recording();
        ChaosSchedule schedule = new ChaosSchedule(5, List.of(
                new Fault(FaultKind.DATABASE_CUT, Duration.ZERO, Duration.ofMillis(300)),
                new Fault(FaultKind.CONSUMER_KILL, Duration.ofSeconds(30), Duration.ofSeconds(1))));

        ChaosMonkey monkey = ChaosMonkey.start(schedule, targets, new LiveEvents(), new PrintStream(new ByteArrayOutputStream()), System.nanoTime());
        while (!targets.calls.contains("cut")) {
            Thread.onSpinWait();
        }
        monkey.close();

        assertEquals(List.of("cut", "restore"), targets.calls);
        assertTrue(monkey.finished());
    }

    @Test
    void aRestartThatFailsIsAFailureOfTheRun() {
        Recording targets = new Recording() {
            @Override
            public String restartConsumer() {
                throw new IllegalStateException("did not get ready");
            }
        };
        ChaosSchedule schedule = new ChaosSchedule(5, List.of(new Fault(FaultKind.CONSUMER_KILL, Duration.ZERO, Duration.ofMillis(10))));

        ChaosMonkey monkey = ChaosMonkey.start(schedule, targets, new LiveEvents(), new PrintStream(new ByteArrayOutputStream()), System.nanoTime());
        monkey.finish(Duration.ofSeconds(10));

        assertEquals(1, monkey.report().failures().size());
        assertTrue(monkey.report().failures().get(0).contains("did not get ready"));
        assertTrue(monkey.report().humanLine().contains("FAILED"));
    }

    private static class Recording implements ChaosTargets {
        final List<String> calls = new CopyOnWriteArrayList<>();

        @Override
        public String killConsumer(Random random) {
            calls.add("kill consumer");
            return "consumer";
        }

        @Override
        public String restartConsumer() {
            calls.add("restart consumer");
            return "consumer restarted";
        }

        @Override
        public String cutDatabase() {
            calls.add("cut");
            return "database connection cut";
        }

        @Override
        public String restoreDatabase() {
            calls.add("restore");
            return "database connection restored";
        }

        @Override
        public String killStreams() {
            calls.add("kill streams");
            return "streams";
        }

        @Override
        public String restartStreams() {
            calls.add("restart streams");
            return "streams restarted";
        }
    }
}

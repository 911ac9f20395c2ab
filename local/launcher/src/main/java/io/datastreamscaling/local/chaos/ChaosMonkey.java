package io.datastreamscaling.local.chaos;

import io.datastreamscaling.local.chaos.ChaosSchedule.Fault;
import io.datastreamscaling.local.live.LiveEvents;
import java.io.PrintStream;
import java.time.Duration;
import java.util.Locale;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Plays a {@link ChaosSchedule} against the run's {@link ChaosTargets} on a thread of its own: each fault
 * at its moment, undone (restart, reconnect) after its duration, every step on the status output and the
 * live page's event list, everything tallied in a {@link ChaosReport}. A fault in progress when the
 * monkey is stopped is still undone, so the drain after it meets a whole pipeline.
 */
public final class ChaosMonkey implements AutoCloseable {
    private final ChaosSchedule schedule;
    private final ChaosTargets targets;
    private final LiveEvents events;
    private final PrintStream out;
    private final long startNanos;
    private final Random victims;
    private final ChaosReport report;
    private final CountDownLatch stop = new CountDownLatch(1);
    private final Thread thread;

    private ChaosMonkey(ChaosSchedule schedule, ChaosTargets targets, LiveEvents events, PrintStream out, long startNanos) {
        this.schedule = schedule;
        this.targets = targets;
        this.events = events;
        this.out = out;
        this.startNanos = startNanos;
        this.victims = new Random(schedule.seed() ^ 0x5DEECE66DL);
        this.report = new ChaosReport(schedule.seed());
        this.thread = new Thread(this::play, "chaos-monkey");
        this.thread.setDaemon(true);
    }

    /** @param startNanos the run's clock ({@link System#nanoTime()} when the load started): the schedule counts from it */
    public static ChaosMonkey start(ChaosSchedule schedule, ChaosTargets targets, LiveEvents events, PrintStream out, long startNanos) {
        ChaosMonkey monkey = new ChaosMonkey(schedule, targets, events, out, startNanos);
        monkey.thread.start();
        return monkey;
    }

    public ChaosReport report() {
        return report;
    }

    /** True once every fault of the schedule has been done and undone. */
    public boolean finished() {
        return !thread.isAlive();
    }

    private void play() {
        for (Fault fault : schedule.faults()) {
            if (!sleepUntil(fault.at())) {
                return;
            }
            strike(fault);
        }
    }

    private void strike(Fault fault) {
        long began = System.nanoTime();
        try {
            switch (fault.kind()) {
                case CONSUMER_KILL -> {
                    String victim = targets.killConsumer(victims);
                    report.killed(fault.kind());
                    event("kill", "SIGKILL " + victim + "; restart in " + seconds(fault.lasting()) + " s");
                }
                case STREAMS_KILL -> {
                    String victim = targets.killStreams();
                    report.killed(fault.kind());
                    event("kill", "SIGKILL " + victim + "; restart in " + seconds(fault.lasting()) + " s");
                }
                case DATABASE_CUT -> event("outage", targets.cutDatabase() + " for " + seconds(fault.lasting()) + " s");
            }
        } catch (Exception | Error e) {
            report.failed(fault.kind().label() + ": " + e);
            event("problem", fault.kind().label() + " failed: " + e);
            return;
        }
        // Not cut short by a stop: the undo below always runs, after the fault's full length at most.
        sleepUninterruptibly(fault.lasting());
        try {
            switch (fault.kind()) {
                case CONSUMER_KILL -> recovered(targets.restartConsumer(), began);
                case STREAMS_KILL -> recovered(targets.restartStreams(), began);
                case DATABASE_CUT -> {
                    String restored = targets.restoreDatabase();
                    double down = (System.nanoTime() - began) / 1e9;
                    report.outage(down);
                    event("recovery", restored + " after " + String.format(Locale.ROOT, "%.1f", down) + " s");
                }
            }
        } catch (Exception | Error e) {
            report.failed("undoing " + fault.kind().label() + ": " + e);
            event("problem", "undoing " + fault.kind().label() + " failed: " + e);
        }
    }

    private void recovered(String restarted, long began) {
        double down = (System.nanoTime() - began) / 1e9;
        report.restarted(down);
        event("recovery", restarted + String.format(Locale.ROOT, " (%.1f s after the kill)", down));
    }

    private void event(String kind, String text) {
        events.record(kind, text);
        out.printf(Locale.ROOT, "[%4ds] CHAOS %s%n", (System.nanoTime() - startNanos) / 1_000_000_000L, text);
    }

    private static String seconds(Duration duration) {
        return String.format(Locale.ROOT, "%.1f", duration.toMillis() / 1e3);
    }

    /**
     * False when stopped first. A fault waits for the previous one's recovery (a restart can take longer
     * than planned on a busy machine); once the run is over, no late fault starts.
     */
    private boolean sleepUntil(Duration at) {
        if (stop.getCount() == 0) {
            return false;
        }
        long waitNanos = startNanos + at.toNanos() - System.nanoTime();
        try {
            return waitNanos <= 0 || !stop.await(waitNanos, TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            return false;
        }
    }

    private static void sleepUninterruptibly(Duration duration) {
        long end = System.nanoTime() + duration.toNanos();
        boolean interrupted = false;
        while (System.nanoTime() < end) {
            try {
                TimeUnit.NANOSECONDS.sleep(end - System.nanoTime());
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * Lets the remaining faults play (bounded): on a busy machine a restart can take longer than its slot,
     * and the later faults then come late; the run's orders keep flowing meanwhile. Then {@link #close()}.
     */
    public void finish(Duration timeout) {
        try {
            thread.join(timeout.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        close();
    }

    /** No new fault after this; waits (bounded) for a fault in progress to be undone. */
    @Override
    public void close() {
        stop.countDown();
        try {
            thread.join(Duration.ofSeconds(120).toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}

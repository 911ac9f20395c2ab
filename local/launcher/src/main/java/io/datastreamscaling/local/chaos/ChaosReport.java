package io.datastreamscaling.local.chaos;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** What {@code --chaos} did to a run: kills, restarts, database outages and their durations, failures. */
public final class ChaosReport {
    private final long seed;
    private int consumerKills;
    private int streamsKills;
    private int restarts;
    private final List<Double> outageSeconds = new ArrayList<>();
    private final List<Double> downSeconds = new ArrayList<>();
    private final List<String> failures = new ArrayList<>();

    ChaosReport(long seed) {
        this.seed = seed;
    }

    synchronized void killed(FaultKind kind) {
        if (kind == FaultKind.STREAMS_KILL) {
            streamsKills++;
        } else {
            consumerKills++;
        }
    }

    synchronized void restarted(double secondsDown) {
        restarts++;
        downSeconds.add(secondsDown);
    }

    synchronized void outage(double seconds) {
        outageSeconds.add(seconds);
    }

    synchronized void failed(String what) {
        failures.add(what);
    }

    public long seed() {
        return seed;
    }

    public synchronized int consumerKills() {
        return consumerKills;
    }

    public synchronized int streamsKills() {
        return streamsKills;
    }

    public synchronized int restarts() {
        return restarts;
    }

    public synchronized List<Double> outageSeconds() {
        return List.copyOf(outageSeconds);
    }

    /** A fault that could not be done or undone (a restart that did not get ready, …): the run fails. */
    public synchronized List<String> failures() {
        return List.copyOf(failures);
    }

    public synchronized String humanLine() {
        return String.format(Locale.ROOT, "%d consumer SIGKILL, %d streams SIGKILL, %d restarts (down %s s), %d database cuts (%s s)%s; seed %d",
                consumerKills, streamsKills, restarts, seconds(downSeconds), outageSeconds.size(), seconds(outageSeconds),
                failures.isEmpty() ? "" : "; FAILED: " + String.join("; ", failures), seed);
    }

    private static String seconds(List<Double> values) {
        return values.isEmpty() ? "-" : String.join(", ", values.stream().map(v -> String.format(Locale.ROOT, "%.1f", v)).toList());
    }

    public synchronized Map<String, Object> asJson() {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("seed", seed);
        json.put("consumerKills", consumerKills);
        json.put("streamsKills", streamsKills);
        json.put("restarts", restarts);
        json.put("databaseOutages", outageSeconds.size());
        json.put("databaseOutageSeconds", outageSeconds.stream().map(v -> Math.round(v * 10) / 10.0).toList());
        json.put("downSeconds", downSeconds.stream().map(v -> Math.round(v * 10) / 10.0).toList());
        json.put("failures", List.copyOf(failures));
        return json;
    }
}

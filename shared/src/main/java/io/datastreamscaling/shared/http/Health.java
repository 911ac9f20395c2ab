package io.datastreamscaling.shared.http;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BooleanSupplier;

/**
 * Liveness and readiness. Live means the process is not wedged (a fatal client error clears it so an
 * orchestrator restarts us); ready means this instance can do its job now (its Kafka client is
 * connected or has its assignment, its sink is reachable). Each part of a service registers its own
 * readiness check by name, and {@code /health/ready} shows each one.
 */
public final class Health {
    private final Map<String, BooleanSupplier> readinessChecks = new ConcurrentHashMap<>();
    private volatile boolean live = true;
    private volatile String notLiveReason = "";

    public void addReadinessCheck(String name, BooleanSupplier check) {
        readinessChecks.put(name, check);
    }

    public void markNotLive(String reason) {
        notLiveReason = reason;
        live = false;
    }

    public boolean isLive() {
        return live;
    }

    public String notLiveReason() {
        return notLiveReason;
    }

    public boolean isReady() {
        return live && !readinessChecks.isEmpty() && readinessChecks.values().stream().allMatch(BooleanSupplier::getAsBoolean);
    }

    /** Each check's current state, by name. */
    public Map<String, Boolean> readinessDetail() {
        Map<String, Boolean> detail = new TreeMap<>();
        readinessChecks.forEach((name, check) -> detail.put(name, check.getAsBoolean()));
        return detail;
    }
}

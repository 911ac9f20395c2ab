package io.datastreamscaling.local.scaling.live;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;

/**
 * What a scaling run did and whether the sink holds each acknowledged order once. Human lines, then
 * one JSON object as the last line (like the launcher's normal summary).
 *
 * @param table          with the Postgres sink: the table counted after every instance stopped
 * @param offsetsMatch   with the Postgres sink: {@code kafka_offsets} == log-end offsets on every partition
 * @param secondsToDrain from the end of the burst until the lag was, for the last time, back at or
 *                       below one replica's lag threshold (what the policy calls one replica's work);
 *                       empty if it never was
 */
record ScalingSummary(long acknowledged, long failed, long consumed, long deadLettered, Optional<OrdersTableCount> table,
                      boolean offsetsMatch, int scaleEvents, long peakLag, OptionalDouble secondsToDrain, int maxInstances,
                      boolean drained, double seconds) {

    /** Acknowledged orders not in the sink (by count: the producer reports no ids). */
    long missing() {
        long found = table.map(OrdersTableCount::distinctOrders).orElse(consumed + deadLettered);
        return Math.max(0, acknowledged - found);
    }

    /** Rows for the same order (Postgres); with the log sink, re-deliveries (at-least-once allows them). */
    long duplicates() {
        return table.map(OrdersTableCount::duplicates).orElse(Math.max(0, consumed + deadLettered - acknowledged));
    }

    /** Drained, nothing missing, and with Postgres: nothing doubled and the stored offsets at the log end. */
    boolean passed() {
        return drained && missing() == 0 && (table.isEmpty() || duplicates() == 0 && offsetsMatch);
    }

    String humanLines() {
        return String.format(Locale.ROOT, """
                scaling summary after %.1f s
                  produced   %,d acknowledged, %,d failed
                  consumed   %,d processed, %,d dead-lettered%s
                  check      %,d missing, %,d duplicated%s -> %s
                  scaling    %d scale events, at most %d instances, peak lag %,d, burst drained in %s""",
                seconds, acknowledged, failed, consumed, deadLettered,
                table.map(t -> String.format(Locale.ROOT, "; table: %,d rows, %,d distinct orders", t.rows(), t.distinctOrders())).orElse(""),
                missing(), duplicates(), table.isPresent() ? ", kafka_offsets " + (offsetsMatch ? "==" : "!=") + " log end" : "",
                passed() ? "OK" : "FAILED",
                scaleEvents, maxInstances, peakLag,
                secondsToDrain.isPresent() ? String.format(Locale.ROOT, "%.1f s", secondsToDrain.getAsDouble()) : "(never)");
    }

    Map<String, Object> asJson() {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("sink", table.isPresent() ? "postgres" : "log");
        json.put("acknowledged", acknowledged);
        json.put("failed", failed);
        json.put("consumed", consumed);
        json.put("dlq", deadLettered);
        json.put("rows", table.map(OrdersTableCount::rows).orElse(null));
        json.put("duplicates", duplicates());
        json.put("missing", missing());
        json.put("offsetsMatch", table.isPresent() ? offsetsMatch : null);
        json.put("scaleEvents", scaleEvents);
        json.put("peakLag", peakLag);
        json.put("secondsToDrain", secondsToDrain.isPresent() ? round(secondsToDrain.getAsDouble()) : null);
        json.put("maxInstances", maxInstances);
        json.put("drained", drained);
        json.put("passed", passed());
        json.put("seconds", round(seconds));
        return json;
    }

    private static double round(double value) {
        return Math.round(value * 10) / 10.0;
    }
}

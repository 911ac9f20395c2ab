package io.datastreamscaling.local.verify;

import io.datastreamscaling.shared.verify.DeliveryComparison;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * One sink compared with the acknowledgements, and whether that breaks a promise the sink makes.
 *
 * @param sink              "topic" or "postgres"
 * @param exactlyOnce       the sink promises no duplicates (the Postgres table always; the topic when
 *                          written by an idempotent producer: {@code --expect-no-duplicates})
 * @param ordered           out-of-order records count (a topic: per user, within its partition)
 */
public record SinkVerdict(String sink, DeliveryComparison.Result result, boolean exactlyOnce, boolean ordered,
                          long undecodable) {
    private static final int IDS_SHOWN = 5;

    public boolean passed() {
        return result.missing().isEmpty()
                && (!exactlyOnce || result.duplicated().isEmpty())
                && (!ordered || result.outOfOrder().isEmpty());
    }

    public long missing() {
        return result.missing().size();
    }

    public long duplicated() {
        return result.duplicated().size();
    }

    String humanLine() {
        return String.format(Locale.ROOT, "%s: %s, %,d acknowledged, %,d found, %,d missing%s, %,d duplicated%s, "
                        + "%,d unexpected (written, never acknowledged)%s%s",
                sink, passed() ? "OK" : "FAILED", result.acknowledged(), result.found(), missing(),
                result.missing().isEmpty() ? "" : " (first: " + first(result.missing()) + ")",
                duplicated(), exactlyOnce ? "" : " (allowed)", result.unexpected().size(),
                ordered ? String.format(Locale.ROOT, ", %,d out of order per user", result.outOfOrder().size()) : "",
                undecodable > 0 ? String.format(Locale.ROOT, ", %,d records not orders (ignored)", undecodable) : "");
    }

    Map<String, Object> asJson() {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("sink", sink);
        json.put("passed", passed());
        json.put("acknowledged", result.acknowledged());
        json.put("found", result.found());
        json.put("missing", missing());
        json.put("missingIds", first(result.missing()));
        json.put("duplicated", duplicated());
        json.put("unexpected", result.unexpected().size());
        if (ordered) {
            json.put("outOfOrderPerUser", result.outOfOrder().size());
        }
        return json;
    }

    private static List<String> first(List<String> ids) {
        return ids.subList(0, Math.min(IDS_SHOWN, ids.size()));
    }
}

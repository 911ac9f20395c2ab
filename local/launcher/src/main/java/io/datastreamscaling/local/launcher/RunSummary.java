package io.datastreamscaling.local.launcher;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * What one run did. Printed as human lines, then as one JSON object on the last line so a script (or
 * CI) can parse it, like the event stream of Kafka's VerifiableProducer. {@code missing} and
 * {@code duplicated} come from the delivery verifier; null when the run was not verified ({@code --verify}).
 */
record RunSummary(long produced, long acknowledged, long failed, long consumed, long dlq, long lag,
                  long windowsEmitted, double seconds, Long missing, Long duplicated) {

    RunSummary withVerification(long missingOrders, long duplicatedOrders) {
        return new RunSummary(produced, acknowledged, failed, consumed, dlq, lag, windowsEmitted, seconds,
                missingOrders, duplicatedOrders);
    }

    double producedPerSecond() {
        return seconds <= 0 ? 0 : acknowledged / seconds;
    }

    double consumedPerSecond() {
        return seconds <= 0 ? 0 : consumed / seconds;
    }

    String humanLines() {
        return String.format(Locale.ROOT, """
                summary after %.1f s
                  produced     %,d sent, %,d acknowledged, %,d failed (%.0f acknowledged/s)
                  consumed     %,d processed, %,d dead-lettered (%.0f/s)
                  lag at exit  %,d
                  windows      %,d emitted by streams
                  verified     %s""",
                seconds, produced, acknowledged, failed, producedPerSecond(), consumed, dlq, consumedPerSecond(), lag, windowsEmitted,
                missing == null ? "no (--verify)" : missing + " missing, " + duplicated + " duplicated in the topic");
    }

    Map<String, Object> asJson() {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("produced", produced);
        json.put("acknowledged", acknowledged);
        json.put("failed", failed);
        json.put("consumed", consumed);
        json.put("dlq", dlq);
        json.put("lag", lag);
        json.put("windowsEmitted", windowsEmitted);
        json.put("seconds", Math.round(seconds * 10) / 10.0);
        json.put("producedPerSecond", Math.round(producedPerSecond()));
        json.put("consumedPerSecond", Math.round(consumedPerSecond()));
        json.put("missing", missing);
        json.put("duplicated", duplicated);
        return json;
    }
}

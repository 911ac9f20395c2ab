package io.datastreamscaling.local.launcher;

import io.datastreamscaling.local.chaos.ChaosReport;
import io.datastreamscaling.local.verify.SinkVerdict;
import io.datastreamscaling.local.verify.StoredOffsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * What one run did. Printed as human lines, then as one JSON object on the last line so a script (or
 * CI) can parse it, like the event stream of Kafka's VerifiableProducer. {@code missing} and
 * {@code duplicated} in the JSON add up the verified sinks (the topic, and the orders table with the
 * postgres sink); null when the run was not verified ({@code --verify}).
 *
 * @param store the orders table's row count and the psql command that opens it; empty with the log sink
 * @param chaos what {@code --chaos} did to the run; empty without it
 */
record RunSummary(long produced, long acknowledged, long failed, long consumed, long dlq, long lag,
                  long windowsEmitted, double seconds, Optional<Store> store, Optional<Verification> verification,
                  Optional<ChaosReport> chaos) {

    /** @param rows rows in the orders table at the end, -1 if the database did not answer */
    record Store(long rows, String psqlCommand) {
    }

    /** The launcher's --verify: the topic always, the table and its stored offsets with the postgres sink. */
    record Verification(SinkVerdict topic, Optional<SinkVerdict> table, Optional<StoredOffsets> offsets) {
        boolean passed() {
            return topic.passed() && table.map(SinkVerdict::passed).orElse(true)
                    && offsets.map(StoredOffsets::atLogEnd).orElse(true);
        }

        long missing() {
            return topic.missing() + table.map(SinkVerdict::missing).orElse(0L);
        }

        long duplicated() {
            return topic.duplicated() + table.map(SinkVerdict::duplicated).orElse(0L);
        }
    }

    RunSummary withStore(long rows, String psqlCommand) {
        return new RunSummary(produced, acknowledged, failed, consumed, dlq, lag, windowsEmitted, seconds,
                Optional.of(new Store(rows, psqlCommand)), verification, chaos);
    }

    RunSummary withVerification(Verification result) {
        return new RunSummary(produced, acknowledged, failed, consumed, dlq, lag, windowsEmitted, seconds, store,
                Optional.of(result), chaos);
    }

    RunSummary withChaos(ChaosReport report) {
        return new RunSummary(produced, acknowledged, failed, consumed, dlq, lag, windowsEmitted, seconds, store,
                verification, Optional.of(report));
    }

    /** The last word of a {@code --chaos} run: what was done to it, and whether every acknowledged order came through once. */
    String verdictLine(boolean passed) {
        String counts = verification.map(v -> v.missing() + " missing, " + v.duplicated() + " duplicated").orElse("not verified");
        return "verdict      " + (passed ? "PASSED" : "FAILED") + ": " + counts
                + chaos.map(c -> " after " + c.consumerKills() + " consumer kills, " + c.streamsKills() + " streams kills, "
                + c.outageSeconds().size() + " database cuts").orElse("");
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
                  stored       %s
                  verified     %s%s""",
                seconds, produced, acknowledged, failed, producedPerSecond(), consumed, dlq, consumedPerSecond(), lag, windowsEmitted,
                store.map(RunSummary::storeLine).orElse("nothing (--sink log)"),
                verification.map(RunSummary::verificationLine).orElse("no (--verify)"),
                chaos.map(c -> "\n  chaos        " + c.humanLine()).orElse(""));
    }

    private static String storeLine(Store store) {
        String rows = store.rows() < 0 ? "? rows (the database did not answer)" : String.format(Locale.ROOT, "%,d rows", store.rows());
        return rows + " in the orders table; open it with: " + store.psqlCommand();
    }

    private static String verificationLine(Verification v) {
        String topic = v.topic().missing() + " missing, " + v.topic().duplicated() + " duplicated in the topic";
        String table = v.table().map(t -> "; " + t.missing() + " missing, " + t.duplicated() + " duplicated in the table").orElse("");
        String offsets = v.offsets().map(o -> o.atLogEnd() ? "; stored offsets at the log end" : "; stored offsets NOT at the log end")
                .orElse("");
        return topic + table + offsets;
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
        json.put("sink", store.isPresent() ? "postgres" : "log");
        json.put("rowsStored", store.map(Store::rows).orElse(null));
        json.put("psql", store.map(Store::psqlCommand).orElse(null));
        json.put("missing", verification.map(Verification::missing).orElse(null));
        json.put("duplicated", verification.map(Verification::duplicated).orElse(null));
        json.put("tableMissing", verification.flatMap(Verification::table).map(SinkVerdict::missing).orElse(null));
        json.put("tableDuplicated", verification.flatMap(Verification::table).map(SinkVerdict::duplicated).orElse(null));
        json.put("offsetsAtLogEnd", verification.flatMap(Verification::offsets).map(StoredOffsets::atLogEnd).orElse(null));
        json.put("chaos", chaos.map(ChaosReport::asJson).orElse(null));
        return json;
    }
}

package io.datastreamscaling.local.verify;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;

/**
 * How far the exactly-once sink says it wrote: {@code kafka_offsets}, written in the same transaction
 * as the rows. After a drain it must equal the topic's log-end offset on every partition: a partition
 * behind would resume by re-reading (and the sink would have to skip), one ahead would skip orders.
 *
 * @param stored the next offset the sink recorded, by partition (absent: never written)
 * @param logEnd the topic's log-end offset, by partition
 */
public record StoredOffsets(Map<Integer, Long> stored, Map<Integer, Long> logEnd) {
    private static final String OFFSETS =
            "SELECT partition, next_offset FROM kafka_offsets WHERE consumer_group = ? AND topic = ?";

    public StoredOffsets {
        stored = Map.copyOf(stored);
        logEnd = Map.copyOf(logEnd);
    }

    static Map<Integer, Long> read(String jdbcUrl, Properties credentials, String group, String topic) throws SQLException {
        Map<Integer, Long> stored = new TreeMap<>();
        try (Connection connection = DriverManager.getConnection(jdbcUrl, credentials);
             PreparedStatement statement = connection.prepareStatement(OFFSETS)) {
            statement.setString(1, group);
            statement.setString(2, topic);
            try (ResultSet rows = statement.executeQuery()) {
                while (rows.next()) {
                    stored.put(rows.getInt(1), rows.getLong(2));
                }
            }
        }
        return stored;
    }

    /** Every partition that holds records has its log-end offset stored (an empty one may have no row). */
    public boolean atLogEnd() {
        return logEnd.entrySet().stream().allMatch(e -> stored.getOrDefault(e.getKey(), 0L).equals(e.getValue()));
    }

    /** Partitions whose stored offset differs from the log end, as "p: stored/end". */
    Map<Integer, String> differences() {
        Map<Integer, String> differences = new TreeMap<>();
        logEnd.forEach((partition, end) -> {
            long at = stored.getOrDefault(partition, 0L);
            if (at != end) {
                differences.put(partition, at + "/" + end);
            }
        });
        return differences;
    }

    String humanLine() {
        return String.format(Locale.ROOT, "postgres offsets: %s, %d partitions%s", atLogEnd() ? "OK" : "FAILED", logEnd.size(),
                atLogEnd() ? " stored at their log end" : ", stored/log end where they differ: " + differences());
    }

    Map<String, Object> asJson() {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("sink", "postgres-offsets");
        json.put("passed", atLogEnd());
        json.put("partitions", logEnd.size());
        json.put("differences", differences());
        return json;
    }
}

package io.datastreamscaling.consumer.sink.clickhouse;

import java.util.List;

/**
 * The analytics tables, created if missing when the sink first reaches the server. Only what both
 * ClickHouse 18.16 (Debian's package) and current servers support: UUID, Decimal, DateTime (no
 * DateTime64: the millis are a UInt64 beside it), ReplacingMergeTree with ORDER BY.
 */
final class ClickHouseSchema {
    static final String OFFSETS_COLUMNS = "topic, partition, next_offset";

    private ClickHouseSchema() {
    }

    static List<String> statements(String database) {
        return List.of(
                "CREATE DATABASE IF NOT EXISTS " + database,
                // ReplacingMergeTree: a re-delivered order (same order_id) is one row after merges, and at
                // once for queries with FINAL. No insert-deduplication needed (18.16 has it only for Replicated tables).
                "CREATE TABLE IF NOT EXISTS " + database + ".orders ("
                        + "order_id UUID, user_id String, amount Decimal(12, 2), currency String,"
                        + " created_at DateTime, created_at_ms UInt64,"
                        + " source_topic String, source_partition UInt32, source_offset UInt64,"
                        + " inserted_at DateTime DEFAULT now()"
                        + ") ENGINE = ReplacingMergeTree() ORDER BY order_id",
                // Only for a partition whose last records were dead-lettered (no row says how far it got).
                "CREATE TABLE IF NOT EXISTS " + database + ".kafka_offsets ("
                        + "topic String, partition UInt32, next_offset UInt64, updated_at DateTime DEFAULT now()"
                        + ") ENGINE = ReplacingMergeTree(next_offset) ORDER BY (topic, partition)",
                // A plain view over FINAL, not a materialized view: a materialized view sums every
                // inserted block, so a re-delivered order would be counted twice.
                "CREATE VIEW IF NOT EXISTS " + database + ".revenue_per_user_minute AS"
                        + " SELECT toStartOfMinute(created_at) AS minute, user_id, currency,"
                        + " sum(amount) AS revenue, count() AS orders"
                        + " FROM " + database + ".orders FINAL GROUP BY minute, user_id, currency");
    }

    static String insertOrders(String database) {
        return "INSERT INTO " + database + ".orders (" + OrderTsv.COLUMNS + ") FORMAT TabSeparated";
    }

    static String insertOffsets(String database) {
        return "INSERT INTO " + database + ".kafka_offsets (" + OFFSETS_COLUMNS + ") FORMAT TabSeparated";
    }

    /** Next offset per partition of the topics: one past the highest stored row, or the recorded tail. */
    static String storedOffsets(String database, String topicList) {
        return "SELECT topic, partition, max(next) FROM ("
                + " SELECT source_topic AS topic, source_partition AS partition, max(source_offset) + 1 AS next"
                + " FROM " + database + ".orders WHERE source_topic IN (" + topicList + ") GROUP BY topic, partition"
                + " UNION ALL"
                + " SELECT topic, partition, max(next_offset) AS next"
                + " FROM " + database + ".kafka_offsets WHERE topic IN (" + topicList + ") GROUP BY topic, partition"
                + ") GROUP BY topic, partition FORMAT TabSeparated";
    }

    /** A ClickHouse string literal. */
    static String literal(String value) {
        return "'" + value.replace("\\", "\\\\").replace("'", "\\'") + "'";
    }
}

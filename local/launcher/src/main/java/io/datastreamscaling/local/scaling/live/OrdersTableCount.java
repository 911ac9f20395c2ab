package io.datastreamscaling.local.scaling.live;

import io.datastreamscaling.consumer.sink.postgres.DatabaseSettings;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;

/**
 * What the exactly-once sink wrote for one run's topic and group: rows, distinct order ids, and
 * whether {@code kafka_offsets} (the sink's record of how far it wrote) equals the topic's log-end
 * offsets on every partition. Rows are selected by {@code source_topic}, so each run (a topic of its
 * own) is counted apart from earlier ones in the same database.
 */
record OrdersTableCount(long rows, long distinctOrders, Map<Integer, Long> storedOffsets) {

    /** Opens and closes one connection; fails fast (5 s) when the database is unreachable. */
    static Connection connect(DatabaseSettings db) throws SQLException {
        Properties props = new Properties();
        props.setProperty("user", db.user());
        props.setProperty("password", db.password());
        props.setProperty("connectTimeout", "5");
        return DriverManager.getConnection(db.url(), props);
    }

    static OrdersTableCount read(DatabaseSettings db, String topic, String group) throws SQLException {
        try (Connection c = connect(db)) {
            long rows;
            long distinct;
            try (PreparedStatement st = c.prepareStatement(
                    "SELECT count(*), count(DISTINCT order_id) FROM orders WHERE source_topic = ?")) {
                st.setString(1, topic);
                try (ResultSet rs = st.executeQuery()) {
                    rs.next();
                    rows = rs.getLong(1);
                    distinct = rs.getLong(2);
                }
            }
            Map<Integer, Long> stored = new HashMap<>();
            try (PreparedStatement st = c.prepareStatement(
                    "SELECT partition, next_offset FROM kafka_offsets WHERE consumer_group = ? AND topic = ?")) {
                st.setString(1, group);
                st.setString(2, topic);
                try (ResultSet rs = st.executeQuery()) {
                    while (rs.next()) {
                        stored.put(rs.getInt(1), rs.getLong(2));
                    }
                }
            }
            return new OrdersTableCount(rows, distinct, Map.copyOf(stored));
        }
    }

    /** Duplicated rows: the primary key on {@code order_id} makes this 0 unless the schema lost it. */
    long duplicates() {
        return rows - distinctOrders;
    }

    /** The sink's stored next offset equals the log-end offset on every partition that has records. */
    boolean offsetsMatch(Map<Integer, Long> logEndOffsets) {
        for (Map.Entry<Integer, Long> end : logEndOffsets.entrySet()) {
            long stored = storedOffsets.getOrDefault(end.getKey(), 0L);
            if (stored != end.getValue()) {
                return false;
            }
        }
        return true;
    }
}

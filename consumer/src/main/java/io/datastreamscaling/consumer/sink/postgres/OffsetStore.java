package io.datastreamscaling.consumer.sink.postgres;

import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;

/**
 * The {@code kafka_offsets} table: where each partition of a consumer group continues, written in the
 * same transaction as the rows.
 *
 * <p>Writes are compare-and-set: a partition's offset moves from the value this consumer last saw to
 * the new one, or not at all. A consumer that lost a partition without noticing yet (a zombie: long
 * GC pause, poll interval exceeded) still holds the old value; the new owner has moved it on, so the
 * zombie's update matches no row, and its whole transaction is rolled back. The row lock taken by the
 * update also orders two writers of one partition: the second waits, then sees the first's value.
 */
final class OffsetStore {
    private static final String SELECT = "SELECT partition, next_offset FROM kafka_offsets"
            + " WHERE consumer_group = ? AND topic = ? AND partition = ANY (?)";
    private static final String COMPARE_AND_SET = "INSERT INTO kafka_offsets AS k (consumer_group, topic, partition, next_offset)"
            + " VALUES (?, ?, ?, ?) ON CONFLICT (consumer_group, topic, partition)"
            + " DO UPDATE SET next_offset = EXCLUDED.next_offset, updated_at = now() WHERE k.next_offset = ?";

    private final String group;

    OffsetStore(String group) {
        this.group = group;
    }

    /** Stored next offsets; partitions without a row are absent. */
    Map<TopicPartition, Long> read(Connection connection, Collection<TopicPartition> partitions) throws SQLException {
        Map<TopicPartition, Long> stored = new HashMap<>();
        Map<String, List<TopicPartition>> byTopic = partitions.stream().collect(Collectors.groupingBy(TopicPartition::topic));
        try (PreparedStatement st = connection.prepareStatement(SELECT)) {
            for (Map.Entry<String, List<TopicPartition>> topic : byTopic.entrySet()) {
                Array numbers = connection.createArrayOf("integer", topic.getValue().stream().map(TopicPartition::partition).toArray());
                st.setString(1, group);
                st.setString(2, topic.getKey());
                st.setArray(3, numbers);
                try (ResultSet rs = st.executeQuery()) {
                    while (rs.next()) {
                        stored.put(new TopicPartition(topic.getKey(), rs.getInt(1)), rs.getLong(2));
                    }
                }
            }
        }
        return stored;
    }

    /**
     * Moves each partition from {@code expected} (null: no row yet) to its next offset, inside the
     * caller's transaction. Returns the partitions whose stored value was not the expected one: the
     * caller must roll back.
     */
    Set<TopicPartition> compareAndSet(Connection connection, Map<TopicPartition, OffsetAndMetadata> next,
                                      Map<TopicPartition, Long> expected) throws SQLException {
        Set<TopicPartition> fenced = new HashSet<>();
        try (PreparedStatement st = connection.prepareStatement(COMPARE_AND_SET)) {
            for (Map.Entry<TopicPartition, OffsetAndMetadata> e : next.entrySet()) {
                TopicPartition tp = e.getKey();
                st.setString(1, group);
                st.setString(2, tp.topic());
                st.setInt(3, tp.partition());
                st.setLong(4, e.getValue().offset());
                Long previous = expected.get(tp);
                if (previous == null) {
                    st.setNull(5, Types.BIGINT);
                } else {
                    st.setLong(5, previous);
                }
                // One statement per partition (a poll batch spans few): exact update counts, whatever
                // batching options the JDBC URL sets.
                if (st.executeUpdate() != 1) {
                    fenced.add(tp);
                }
            }
        }
        return fenced;
    }
}

package io.datastreamscaling.consumer.sink.postgres;

import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
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
    /**
     * Every partition of one topic in one statement (one round trip per batch, not one per
     * partition): the rows whose stored offset is the expected one move on, partitions without a row
     * get one, and the statement returns the partitions it moved or created. A row the statement
     * neither moved nor created (stored value not the expected one, or a concurrent owner's insert
     * won) is fenced. Under READ COMMITTED the UPDATE waits for a concurrent writer's row lock and
     * then re-checks {@code next_offset} against that writer's value, as the per-row upsert did.
     */
    private static final String COMPARE_AND_SET = "WITH batch (partition, next_offset, expected) AS ("
            + " SELECT * FROM unnest(?::integer[], ?::bigint[], ?::bigint[])),"
            + " moved AS (UPDATE kafka_offsets k SET next_offset = b.next_offset, updated_at = now() FROM batch b"
            + " WHERE k.consumer_group = ? AND k.topic = ? AND k.partition = b.partition AND k.next_offset = b.expected"
            + " RETURNING k.partition),"
            + " created AS (INSERT INTO kafka_offsets (consumer_group, topic, partition, next_offset)"
            + " SELECT ?, ?, b.partition, b.next_offset FROM batch b"
            + " ON CONFLICT (consumer_group, topic, partition) DO NOTHING RETURNING partition)"
            + " SELECT partition FROM moved UNION ALL SELECT partition FROM created";

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
        Map<String, List<TopicPartition>> byTopic = next.keySet().stream().collect(Collectors.groupingBy(TopicPartition::topic));
        try (PreparedStatement st = connection.prepareStatement(COMPARE_AND_SET)) {
            for (Map.Entry<String, List<TopicPartition>> topic : byTopic.entrySet()) {
                List<TopicPartition> partitions = topic.getValue();
                Object[] numbers = new Object[partitions.size()];
                Object[] nextOffsets = new Object[partitions.size()];
                Object[] expectedOffsets = new Object[partitions.size()];
                for (int i = 0; i < numbers.length; i++) {
                    TopicPartition tp = partitions.get(i);
                    numbers[i] = tp.partition();
                    nextOffsets[i] = next.get(tp).offset();
                    expectedOffsets[i] = expected.get(tp);
                }
                st.setArray(1, connection.createArrayOf("integer", numbers));
                st.setArray(2, connection.createArrayOf("bigint", nextOffsets));
                st.setArray(3, connection.createArrayOf("bigint", expectedOffsets));
                st.setString(4, group);
                st.setString(5, topic.getKey());
                st.setString(6, group);
                st.setString(7, topic.getKey());
                Set<Integer> written = new HashSet<>();
                try (ResultSet rs = st.executeQuery()) {
                    while (rs.next()) {
                        written.add(rs.getInt(1));
                    }
                }
                partitions.stream().filter(tp -> !written.contains(tp.partition())).forEach(fenced::add);
            }
        }
        return fenced;
    }
}

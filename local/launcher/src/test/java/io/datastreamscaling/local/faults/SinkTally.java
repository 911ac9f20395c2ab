package io.datastreamscaling.local.faults;

import io.datastreamscaling.consumer.testing.TestDatabase;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.common.TopicPartition;

/**
 * What an exactly-once run ends with, read from both sides: the rows in PostgreSQL and the offsets
 * stored with them, against the topic's log end offsets. With an idempotent producer and no
 * transactions the topic holds exactly one record per offset, so the sum of the log end offsets is
 * the number of records in the topic.
 */
record SinkTally(long rows, long distinctOrders, Map<Integer, Long> storedOffsets, Map<Integer, Long> logEndOffsets) {
    private static final Duration ADMIN_CALL = Duration.ofSeconds(10);

    static SinkTally read(TestDatabase db, Admin admin, String group, String topic) {
        long rows = db.queryLong("SELECT count(*) FROM orders WHERE source_topic = ?", topic);
        long distinct = db.queryLong("SELECT count(DISTINCT order_id) FROM orders WHERE source_topic = ?", topic);
        return new SinkTally(rows, distinct, db.storedOffsets(group, topic), logEndOffsets(admin, topic));
    }

    static Map<Integer, Long> logEndOffsets(Admin admin, String topic) {
        try {
            int partitions = admin.describeTopics(List.of(topic)).allTopicNames().get(ADMIN_CALL.toMillis(), TimeUnit.MILLISECONDS)
                    .get(topic).partitions().size();
            Map<TopicPartition, OffsetSpec> request = new HashMap<>();
            for (int p = 0; p < partitions; p++) {
                request.put(new TopicPartition(topic, p), OffsetSpec.latest());
            }
            Map<Integer, Long> ends = new HashMap<>();
            admin.listOffsets(request).all().get(ADMIN_CALL.toMillis(), TimeUnit.MILLISECONDS)
                    .forEach((tp, info) -> ends.put(tp.partition(), info.offset()));
            return ends;
        } catch (Exception e) {
            throw new IllegalStateException("cannot read the log end offsets of " + topic, e);
        }
    }

    long recordsInTopic() {
        return logEndOffsets.values().stream().mapToLong(Long::longValue).sum();
    }

    /** Rows beyond one per order: what a broken exactly-once sink would show. */
    long duplicatedRows() {
        return rows - distinctOrders;
    }

    /** Every record of the topic written, and the stored positions at the log end. */
    boolean caughtUp() {
        return rows == recordsInTopic() && storedOffsets.equals(logEndOffsets);
    }

    @Override
    public String toString() {
        return "rows=" + rows + " distinct=" + distinctOrders + " topic=" + recordsInTopic()
                + " stored=" + storedOffsets + " logEnd=" + logEndOffsets;
    }
}

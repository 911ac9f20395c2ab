package io.datastreamscaling.consumer.testing;

import io.datastreamscaling.local.broker.testing.TestKafka;
import io.datastreamscaling.shared.kafka.ConsumerGroupOffsets;
import java.time.Duration;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;

/** What Kafka holds for a topic and a group: log end offsets and committed offsets, by partition. */
public final class GroupOffsets {
    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    private GroupOffsets() {
    }

    public static Map<Integer, Long> endOffsets(String topic) {
        try (Admin admin = TestKafka.admin()) {
            return ConsumerGroupOffsets.logEnd(admin, topic, TIMEOUT);
        } catch (Exception e) {
            throw new IllegalStateException("cannot read end offsets of " + topic, e);
        }
    }

    /** Committed offsets of the group on the topic; partitions without a commit are absent. */
    public static Map<Integer, Long> committed(String group, String topic) {
        try (Admin admin = TestKafka.admin()) {
            return ConsumerGroupOffsets.committed(admin, group, topic, TIMEOUT);
        } catch (Exception e) {
            throw new IllegalStateException("cannot read committed offsets of " + group, e);
        }
    }

    public static long sum(Map<Integer, Long> offsets) {
        return offsets.values().stream().mapToLong(Long::longValue).sum();
    }
}

package io.datastreamscaling.shared.kafka;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;

/**
 * A group's position on a topic read from outside the group, with the Admin client, as lag tooling and
 * KEDA's Kafka scaler do: each partition's log-end offset and the group's committed offsets. The
 * consumers are not asked, so this works while they are slow, rebalancing or gone. One place for the
 * two Admin calls that the launcher's scaler, the bench and the tests all make.
 */
public final class ConsumerGroupOffsets {
    private ConsumerGroupOffsets() {
    }

    /** Log-end offset (the offset the next record will get) of partitions 0..partitions-1, by partition. */
    public static Map<Integer, Long> logEnd(Admin admin, String topic, int partitions, Duration timeout)
            throws InterruptedException, ExecutionException, TimeoutException {
        Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
        for (int p = 0; p < partitions; p++) {
            latest.put(new TopicPartition(topic, p), OffsetSpec.latest());
        }
        Map<Integer, Long> ends = new HashMap<>();
        admin.listOffsets(latest).all().get(timeout.toMillis(), TimeUnit.MILLISECONDS)
                .forEach((tp, info) -> ends.put(tp.partition(), info.offset()));
        return ends;
    }

    /** Log-end offset of every partition the broker lists for {@code topic}, by partition. */
    public static Map<Integer, Long> logEnd(Admin admin, String topic, Duration timeout)
            throws InterruptedException, ExecutionException, TimeoutException {
        int partitions = admin.describeTopics(List.of(topic)).allTopicNames()
                .get(timeout.toMillis(), TimeUnit.MILLISECONDS).get(topic).partitions().size();
        return logEnd(admin, topic, partitions, timeout);
    }

    /** The group's committed offsets on {@code topic}, by partition; a partition never committed is absent. */
    public static Map<Integer, Long> committed(Admin admin, String group, String topic, Duration timeout)
            throws InterruptedException, ExecutionException, TimeoutException {
        Map<TopicPartition, OffsetAndMetadata> offsets = admin.listConsumerGroupOffsets(group)
                .partitionsToOffsetAndMetadata().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        Map<Integer, Long> committed = new HashMap<>();
        offsets.forEach((tp, offset) -> {
            if (tp.topic().equals(topic) && offset != null) {
                committed.put(tp.partition(), offset.offset());
            }
        });
        return committed;
    }
}

package io.datastreamscaling.consumer.testing;

import io.datastreamscaling.local.broker.testing.TestKafka;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListOffsetsResult;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;

/** What Kafka holds for a topic and a group: log end offsets and committed offsets, by partition. */
public final class GroupOffsets {
    private GroupOffsets() {
    }

    public static Map<Integer, Long> endOffsets(String topic) {
        try (Admin admin = TestKafka.admin()) {
            int partitions = admin.describeTopics(java.util.List.of(topic)).allTopicNames().get(30, TimeUnit.SECONDS)
                    .get(topic).partitions().size();
            Map<TopicPartition, OffsetSpec> request = new HashMap<>();
            for (int p = 0; p < partitions; p++) {
                request.put(new TopicPartition(topic, p), OffsetSpec.latest());
            }
            Map<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo> result = admin.listOffsets(request).all().get(30, TimeUnit.SECONDS);
            return result.entrySet().stream().collect(Collectors.toMap(e -> e.getKey().partition(), e -> e.getValue().offset()));
        } catch (Exception e) {
            throw new IllegalStateException("cannot read end offsets of " + topic, e);
        }
    }

    /** Committed offsets of the group on the topic; partitions without a commit are absent. */
    public static Map<Integer, Long> committed(String group, String topic) {
        try (Admin admin = TestKafka.admin()) {
            Map<TopicPartition, OffsetAndMetadata> offsets = admin.listConsumerGroupOffsets(group)
                    .partitionsToOffsetAndMetadata().get(30, TimeUnit.SECONDS);
            Map<Integer, Long> result = new HashMap<>();
            offsets.forEach((tp, om) -> {
                if (tp.topic().equals(topic) && om != null) {
                    result.put(tp.partition(), om.offset());
                }
            });
            return result;
        } catch (Exception e) {
            throw new IllegalStateException("cannot read committed offsets of " + group, e);
        }
    }

    public static long sum(Map<Integer, Long> offsets) {
        return offsets.values().stream().mapToLong(Long::longValue).sum();
    }
}

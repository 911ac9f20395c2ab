package io.datastreamscaling.local.scaling.live;

import io.datastreamscaling.local.scaling.PartitionOffsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListOffsetsResult.ListOffsetsResultInfo;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;

/**
 * Measures a group's position on a topic from outside the group, as KEDA's Kafka scaler does: the
 * group's committed offsets ({@code listConsumerGroupOffsets}) and each partition's log-end offset
 * ({@code listOffsets} latest). The consumers are not asked: a scaler must work when they are slow,
 * rebalancing or absent.
 */
final class GroupOffsets {
    private final Admin admin;
    private final String group;
    private final List<TopicPartition> partitions = new ArrayList<>();
    private final Duration timeout;

    GroupOffsets(Admin admin, String group, String topic, int partitionCount, Duration timeout) {
        this.admin = admin;
        this.group = group;
        this.timeout = timeout;
        for (int p = 0; p < partitionCount; p++) {
            partitions.add(new TopicPartition(topic, p));
        }
    }

    /** One entry per partition, in partition order. */
    List<PartitionOffsets> measure() throws InterruptedException, ExecutionException, TimeoutException {
        Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(group)
                .partitionsToOffsetAndMetadata().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        Map<TopicPartition, Long> logEnd = logEndOffsets();
        List<PartitionOffsets> offsets = new ArrayList<>(partitions.size());
        for (TopicPartition tp : partitions) {
            OffsetAndMetadata c = committed.get(tp);
            long end = logEnd.get(tp);
            offsets.add(c == null ? PartitionOffsets.uncommitted(tp.partition(), end)
                    : PartitionOffsets.committed(tp.partition(), end, c.offset()));
        }
        return offsets;
    }

    Map<TopicPartition, Long> logEndOffsets() throws InterruptedException, ExecutionException, TimeoutException {
        Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
        partitions.forEach(tp -> latest.put(tp, OffsetSpec.latest()));
        Map<TopicPartition, ListOffsetsResultInfo> result = admin.listOffsets(latest).all()
                .get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        Map<TopicPartition, Long> ends = new HashMap<>();
        result.forEach((tp, info) -> ends.put(tp, info.offset()));
        return ends;
    }

    /** Records not yet committed by the group, over all partitions (a partition never committed counts whole). */
    static long totalLag(List<PartitionOffsets> offsets) {
        long lag = 0;
        for (PartitionOffsets p : offsets) {
            lag += Math.max(0, p.logEndOffset() - p.committedOffset().orElse(0));
        }
        return lag;
    }
}

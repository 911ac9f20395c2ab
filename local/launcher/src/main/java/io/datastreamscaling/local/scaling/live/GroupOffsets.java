package io.datastreamscaling.local.scaling.live;

import io.datastreamscaling.local.scaling.PartitionOffsets;
import io.datastreamscaling.shared.kafka.ConsumerGroupOffsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;


/**
 * Measures a group's position on a topic from outside the group, as KEDA's Kafka scaler does: the
 * group's committed offsets ({@code listConsumerGroupOffsets}) and each partition's log-end offset
 * ({@code listOffsets} latest). The consumers are not asked: a scaler must work when they are slow,
 * rebalancing or absent.
 */
final class GroupOffsets {
    private final Admin admin;
    private final String group;
    private final String topic;
    private final int partitions;
    private final Duration timeout;

    GroupOffsets(Admin admin, String group, String topic, int partitionCount, Duration timeout) {
        this.admin = admin;
        this.group = group;
        this.topic = topic;
        this.partitions = partitionCount;
        this.timeout = timeout;
    }

    /** One entry per partition, in partition order. */
    List<PartitionOffsets> measure() throws InterruptedException, ExecutionException, TimeoutException {
        Map<Integer, Long> committed = ConsumerGroupOffsets.committed(admin, group, topic, timeout);
        Map<Integer, Long> logEnd = logEndOffsets();
        List<PartitionOffsets> offsets = new ArrayList<>(partitions);
        for (int p = 0; p < partitions; p++) {
            Long c = committed.get(p);
            long end = logEnd.get(p);
            offsets.add(c == null ? PartitionOffsets.uncommitted(p, end) : PartitionOffsets.committed(p, end, c));
        }
        return offsets;
    }

    /** Log-end offset by partition. */
    Map<Integer, Long> logEndOffsets() throws InterruptedException, ExecutionException, TimeoutException {
        return ConsumerGroupOffsets.logEnd(admin, topic, partitions, timeout);
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

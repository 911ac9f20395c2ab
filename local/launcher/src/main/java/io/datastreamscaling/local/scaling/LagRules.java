package io.datastreamscaling.local.scaling;

import io.datastreamscaling.local.scaling.ScalingPolicySettings.OffsetResetPolicy;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Counts a group's lag partition by partition with the rules of KEDA's Kafka scaler
 * ({@code pkg/scalers/kafka_scaler.go}, {@code getLagForPartition}), so that the local demo and a
 * Kubernetes cluster see the same number for the same offsets.
 *
 * <ul>
 *   <li>Committed offset present: lag = log-end offset − committed offset (never below zero).</li>
 *   <li>No committed offset, {@code offsetResetPolicy=latest}: lag 1. A consumer would start at the
 *       end and see nothing, but a group with no replica would never start and never commit, so
 *       KEDA reports 1 to keep one replica alive long enough to commit.</li>
 *   <li>No committed offset, {@code offsetResetPolicy=earliest}: lag = log-end offset. The consumer
 *       will read the whole partition (KEDA ignores the log-start offset, and so do we, which
 *       over-counts a partition whose head retention has deleted).</li>
 *   <li>{@code scaleToZeroOnInvalidOffset}: either no-commit case counts 0 instead.</li>
 *   <li>{@code excludePersistentLag}: a committed offset that has not moved since the previous
 *       evaluation counts 0 for scaling (a stuck partition is not helped by more replicas: only
 *       one consumer can own it) but still counts for activation.</li>
 * </ul>
 *
 * <p>Stateful only for {@code excludePersistentLag}: it remembers the last committed offset seen
 * per partition. Not thread-safe; one policy evaluates on one thread.
 */
final class LagRules {
    private final ScalingPolicySettings settings;
    private final Map<Integer, Long> previousCommitted = new HashMap<>();

    LagRules(ScalingPolicySettings settings) {
        this.settings = settings;
    }

    LagSummary summarize(List<PartitionOffsets> offsets) {
        long scalingLag = 0;
        long activationLag = 0;
        int withLag = 0;
        int withoutCommit = 0;
        for (PartitionOffsets p : offsets) {
            long lag;
            long persistentIncluded;
            if (p.committedOffset().isEmpty()) {
                withoutCommit++;
                lag = lagWithoutCommit(p);
                persistentIncluded = lag;
            } else {
                long committed = p.committedOffset().getAsLong();
                persistentIncluded = Math.max(0, p.logEndOffset() - committed);
                lag = isPersistent(p.partition(), committed) ? 0 : persistentIncluded;
            }
            scalingLag += lag;
            activationLag += persistentIncluded;
            if (lag > 0) {
                withLag++;
            }
        }
        return new LagSummary(scalingLag, activationLag, offsets.size(), withLag, withoutCommit);
    }

    private long lagWithoutCommit(PartitionOffsets p) {
        if (settings.scaleToZeroOnInvalidOffset()) {
            return 0;
        }
        return settings.offsetResetPolicy() == OffsetResetPolicy.LATEST ? 1 : p.logEndOffset();
    }

    private boolean isPersistent(int partition, long committed) {
        if (!settings.excludePersistentLag()) {
            return false;
        }
        Long previous = previousCommitted.put(partition, committed);
        return previous != null && previous == committed;
    }
}

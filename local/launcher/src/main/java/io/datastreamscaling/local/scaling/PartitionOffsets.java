package io.datastreamscaling.local.scaling;

import java.util.OptionalLong;

/**
 * What the lag of one partition is computed from: its log-end offset and the group's committed
 * offset, if the group has committed one.
 */
public record PartitionOffsets(int partition, long logEndOffset, OptionalLong committedOffset) {
    public PartitionOffsets {
        if (partition < 0 || logEndOffset < 0) {
            throw new IllegalArgumentException("partition and logEndOffset must be >= 0: " + partition + ", " + logEndOffset);
        }
    }

    public static PartitionOffsets committed(int partition, long logEndOffset, long committedOffset) {
        return new PartitionOffsets(partition, logEndOffset, OptionalLong.of(committedOffset));
    }

    public static PartitionOffsets uncommitted(int partition, long logEndOffset) {
        return new PartitionOffsets(partition, logEndOffset, OptionalLong.empty());
    }
}

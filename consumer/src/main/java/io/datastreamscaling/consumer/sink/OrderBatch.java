package io.datastreamscaling.consumer.sink;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;

/**
 * What one poll hands to the sink: the decoded orders, and the next offset of every partition the
 * poll returned records for (including partitions whose records were all dead-lettered: their
 * offsets move on too).
 */
public record OrderBatch(List<ConsumedOrder> orders, Map<TopicPartition, OffsetAndMetadata> nextOffsets) {
    public OrderBatch {
        orders = List.copyOf(orders);
        nextOffsets = Map.copyOf(nextOffsets);
    }

    /** The same batch without some orders (which were dead-lettered); the offsets stay. */
    public OrderBatch without(Collection<ConsumedOrder> removed) {
        Set<ConsumedOrder> drop = Set.copyOf(removed);
        return new OrderBatch(orders.stream().filter(o -> !drop.contains(o)).collect(Collectors.toList()), nextOffsets);
    }
}

package io.datastreamscaling.streams.topology;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.apache.kafka.streams.processor.api.MockProcessorContext.CapturedForward;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;
import org.junit.jupiter.api.Test;

/**
 * The pending counts a task finds in its store when it starts (restored from the changelog after a
 * restart, a migration or an aborted transaction: the counts of the orders its committed offsets
 * cover that were not yet passed on) are neither lost nor counted twice: the in-memory copy each order
 * adds to starts from them.
 */
class TierCountBatcherTest {
    private static final Instant MINUTE = Instant.parse("2024-05-01T12:00:00Z");
    private static final String PENDING_LOW = "LOW@" + MINUTE.toEpochMilli();

    @Test
    void aTaskStartedOnRestoredPendingCountsAddsToThemAndPassesThemOnOnce() {
        MockProcessorContext<String, Long> context = new MockProcessorContext<>();
        KeyValueStore<String, Long> pending = Stores.keyValueStoreBuilder(
                        Stores.inMemoryKeyValueStore(TierCountBatcher.STORE), Serdes.String(), Serdes.Long())
                .withLoggingDisabled().build();
        pending.init(context.getStateStoreContext(), pending);
        context.addStateStore(pending);
        // what the previous owner had counted and committed, not yet passed on
        pending.put(PENDING_LOW, 5L);

        Processor<String, EnrichedOrder, String, Long> batcher =
                new TierCountBatcher(Duration.ofSeconds(1), Duration.ofMinutes(1)).get();
        batcher.init(context);
        batcher.process(order(AmountTier.LOW, MINUTE.plusSeconds(30)));

        assertEquals(6L, pending.get(PENDING_LOW), "the store a commit writes holds the restored count plus the new order");
        context.scheduledPunctuators().get(0).getPunctuator().punctuate(MINUTE.toEpochMilli());
        List<CapturedForward<? extends String, ? extends Long>> passedOn = context.forwarded();
        assertEquals(1, passedOn.size());
        assertEquals(new Record<>("LOW", 6L, MINUTE.toEpochMilli()), passedOn.get(0).record());
        assertNull(pending.get(PENDING_LOW), "a count passed on is no longer pending");
    }

    private static Record<String, EnrichedOrder> order(AmountTier tier, Instant createdAt) {
        EnrichedOrder order = new EnrichedOrder(UUID.randomUUID(), "alice", BigDecimal.ONE, "EUR", createdAt, tier);
        return new Record<>("alice", order, createdAt.toEpochMilli());
    }
}

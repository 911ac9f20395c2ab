package io.datastreamscaling.streams.topology;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.Random;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** The enriched orders' fast writer against the Jackson serde it replaces: the same bytes, always. */
class EnrichedOrderSerdeTest {
    private static final String TOPIC = "orders.enriched";
    private final EnrichedOrderSerde fast = new EnrichedOrderSerde();
    private final JsonSerde<EnrichedOrder> jackson = JsonSerde.of(EnrichedOrder.class);

    @Test
    void writesTheBytesJacksonWritesForManyOrders() {
        Random random = new Random(7);
        for (int i = 0; i < 10_000; i++) {
            EnrichedOrder order = new EnrichedOrder(new UUID(random.nextLong(), random.nextLong()), "user-" + random.nextInt(10_000),
                    BigDecimal.valueOf(1 + random.nextInt(1_000_000), random.nextInt(3)), i % 2 == 0 ? "EUR" : "USD",
                    Instant.ofEpochSecond(random.nextInt(2_000_000_000), random.nextInt(4) == 0 ? 0 : random.nextInt(1_000_000_000)),
                    AmountTier.values()[random.nextInt(AmountTier.values().length)]);

            assertArrayEquals(jackson.serializer().serialize(TOPIC, order), fast.serializer().serialize(TOPIC, order), order::toString);
        }
    }

    @Test
    void writesWhatNeedsEscapingThroughJacksonAndReadsItBack() {
        EnrichedOrder order = new EnrichedOrder(UUID.randomUUID(), "zoë \"quoted\"", new BigDecimal("1E+3"), "EUR",
                Instant.parse("2024-05-01T12:00:00.123456789Z"), AmountTier.HIGH);

        byte[] bytes = fast.serializer().serialize(TOPIC, order);

        assertArrayEquals(jackson.serializer().serialize(TOPIC, order), bytes);
        assertEquals(order, fast.deserializer().deserialize(TOPIC, bytes));
    }
}

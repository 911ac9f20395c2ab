package io.datastreamscaling.streams.topology;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The revenue store's binary values: exact round trips, and the earlier JSON values still read. */
class RevenueSerdeTest {
    private static final String TOPIC = "revenue-per-user-1m-changelog";
    private final RevenueSerde serde = new RevenueSerde();

    @Test
    void keepsEveryDigitAndTheScale() {
        for (Revenue revenue : List.of(Revenue.NONE, new Revenue(new BigDecimal("0.01"), 1),
                new Revenue(new BigDecimal("9999999999.99").multiply(BigDecimal.valueOf(1_000_000)), Long.MAX_VALUE),
                new Revenue(new BigDecimal("-12.50"), 3), new Revenue(new BigDecimal("1E+3"), 2))) {
            Revenue read = serde.deserializer().deserialize(TOPIC, serde.serializer().serialize(TOPIC, revenue));

            assertEquals(revenue, read, "equal, scale included");
        }
    }

    @Test
    void readsAValueTheJsonSerdeWroteBeforeIt() {
        Revenue revenue = new Revenue(new BigDecimal("123.40"), 7);
        byte[] json = JsonSerde.of(Revenue.class).serializer().serialize(TOPIC, revenue);

        assertEquals('{', json[0], new String(json, StandardCharsets.UTF_8));
        assertEquals(revenue, serde.deserializer().deserialize(TOPIC, json));
    }
}

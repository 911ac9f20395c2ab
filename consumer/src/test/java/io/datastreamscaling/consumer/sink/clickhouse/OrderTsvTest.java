package io.datastreamscaling.consumer.sink.clickhouse;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class OrderTsvTest {
    /** The block limit counts what is sent: the count must be the encoder's, for every kind of character. */
    @Test
    void utf8LengthCountsWhatTheEncoderWrites() {
        List<String> texts = List.of("", "user-42\t", "café", "Zürich €", "日本語", "emoji 😀 pair",
                "lone \uD83D high", "lone \uDE00 low", "high at end \uD83D", "\uDE00\uD83D reversed");

        for (String text : texts) {
            StringBuilder block = new StringBuilder("prefix é\t");
            int before = block.length();
            block.append(text);

            assertEquals(text.getBytes(StandardCharsets.UTF_8).length, OrderTsv.utf8Length(block, before),
                    "bytes of " + text);
        }
    }
}

package io.datastreamscaling.shared.order.fastpath;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.DateTimeException;
import java.time.Instant;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The fast instant text must be the JDK's, byte for byte, in both directions. */
class IsoInstantsTest {
    private static final long YEAR_10000 = Instant.parse("+10000-01-01T00:00:00Z").getEpochSecond();
    private static final long YEAR_MINUS_1 = Instant.parse("-0001-01-01T00:00:00Z").getEpochSecond();

    @Test
    void formatsAndParsesAMillionRandomInstantsExactlyLikeTheJdk() {
        SplittableRandom random = new SplittableRandom(7);
        for (int i = 0; i < 1_000_000; i++) {
            long second = random.nextLong(YEAR_MINUS_1 - 86_400, YEAR_10000 + 86_400);
            int nanos = switch (i % 4) {
                case 0 -> 0;
                case 1 -> random.nextInt(1_000) * 1_000_000;
                case 2 -> random.nextInt(1_000_000) * 1_000;
                default -> random.nextInt(1_000_000_000);
            };
            Instant instant = Instant.ofEpochSecond(second, nanos);
            String jdk = instant.toString();
            assertEquals(jdk, IsoInstants.format(instant));
            assertEquals(instant, IsoInstants.parse(jdk), jdk);
            boolean fourDigitYear = Character.isDigit(jdk.charAt(0)); // else "-0001-…" or "+10000-…": the JDK's
            assertEquals(fourDigitYear ? instant : null, IsoInstants.parseUsualShape(ascii(jdk), 0, jdk.length()), jdk);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "2026-11-26T16:10:48Z", "2026-11-26T16:10:48.1Z", "2026-11-26T16:10:48.12Z", "2026-11-26T16:10:48.1234Z",
        "2026-11-26T16:10:48.123456789Z", "2026-11-26T16:10:48.000Z", "0000-01-01T00:00:00Z", "9999-12-31T23:59:59.999999999Z",
        "2024-02-29T12:00:00Z", "2026-11-26T16:10:48+01:00", "2026-11-26t16:10:48z", "2026-11-26T23:59:60Z",
        "2026-11-26T24:00:00Z", "+12026-11-26T16:10:48Z", "2026-11-26T16:10:48.Z"})
    void parsesWhatTheJdkParsesToTheSameInstant(String text) {
        assertEquals(Instant.parse(text), IsoInstants.parse(text), text);
        Instant inPlace = IsoInstants.parseUsualShape(ascii(" " + text), 1, text.length());
        assertTrue(inPlace == null || inPlace.equals(Instant.parse(text)), text); // null: the JDK decides
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "2026-02-30T00:00:00Z", "2026-13-01T00:00:00Z", "2026-11-26T16:60:00Z", "2026-11-26T16:10:48.1234567890Z", "2026-11-26 16:10:48Z", "2026-11-26T16:10:48", "2026-1a-26T16:10:48Z",
        "2026-11-26T16:10:4xZ", "", "yesterday"})
    void refusesWhatTheJdkRefuses(String text) {
        assertThrows(DateTimeException.class, () -> Instant.parse(text), text);
        assertThrows(DateTimeException.class, () -> IsoInstants.parse(text), text);
        assertNull(IsoInstants.parseUsualShape(ascii(text), 0, text.length()), text);
    }

    private static byte[] ascii(String text) {
        return text.getBytes(StandardCharsets.ISO_8859_1);
    }
}

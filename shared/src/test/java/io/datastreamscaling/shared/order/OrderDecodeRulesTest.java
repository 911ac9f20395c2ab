package io.datastreamscaling.shared.order;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * What decoding refuses beyond the {@link Order} constructor: a {@code createdAt} outside the window
 * of the reading service's clock, bytes that are not UTF-8, numbers and instants at the ends of their
 * types. Every refusal is an {@link OrderDecodingException} (a 400 at POST /orders, a dead letter
 * downstream), never another unchecked exception that would kill the thread that decodes.
 */
class OrderDecodeRulesTest {
    private static final UUID ID = UUID.fromString("3f1c2b9e-5d6a-4c8b-9e7f-0a1b2c3d4e5f");
    private static final Instant NOW = Instant.parse("2026-12-06T20:00:00Z");

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            the year 9999           | 9999-12-31T23:59:59Z                  | createdAt is more than 5 minutes ahead of this service's clock (2026-12-06T20:00:00Z): 9999-12-31T23:59:59Z
            Instant.MAX             | +1000000000-12-31T23:59:59.999999999Z | createdAt is more than 5 minutes ahead of this service's clock (2026-12-06T20:00:00Z): +1000000000-12-31T23:59:59.999999999Z
            six minutes ahead       | 2026-12-06T20:06:00Z                  | createdAt is more than 5 minutes ahead of this service's clock (2026-12-06T20:00:00Z): 2026-12-06T20:06:00Z
            the epoch               | 1970-01-01T00:00:00Z                  | createdAt is before 2000-01-01T00:00:00Z: 1970-01-01T00:00:00Z
            before the epoch        | 1969-12-31T23:59:59.999Z              | createdAt is before 2000-01-01T00:00:00Z: 1969-12-31T23:59:59.999Z
            Instant.MIN             | -1000000000-01-01T00:00:00Z           | createdAt is before 2000-01-01T00:00:00Z: -1000000000-01-01T00:00:00Z
            beyond Instant.MAX      | +1000000001-01-01T00:00:00Z           | createdAt is not an ISO-8601 instant: +1000000001-01-01T00:00:00Z
            """)
    void aCreatedAtOutsideTheWindowIsRefusedOnEveryDecodePath(String name, String createdAt, String message) {
        byte[] json = bytes(order("\"createdAt\":\"" + createdAt + "\""));

        InvalidOrderException stored = assertThrows(InvalidOrderException.class, () -> OrderJson.decode(json, null, null, NOW));
        InvalidOrderException submitted = assertThrows(InvalidOrderException.class, () -> OrderJson.decode(json, ID, NOW, NOW));

        assertEquals(message, stored.getMessage());
        assertEquals(message, submitted.getMessage());
        assertEquals("invalid", stored.reason());
    }

    @Test
    void anOrderFromYearsAgoStillDecodes() {
        Order order = OrderJson.decode(bytes(order("\"createdAt\":\"2001-02-03T04:05:06Z\"")), null, null, NOW);

        assertEquals(Instant.parse("2001-02-03T04:05:06Z"), order.createdAt());
    }

    @Test
    void theServerDefaultIsInsideTheWindow() {
        Order order = OrderJson.decode(bytes("{\"userId\":\"u\",\"amount\":5,\"currency\":\"EUR\"}"), ID, NOW, NOW);

        assertEquals(NOW, order.createdAt());
    }

    @Test
    void theWindowOfARecordDecodedWithTheCallersClockReadingMovesWithThatReading() {
        byte[] sixMinutesAhead = bytes(order("\"createdAt\":\"2026-12-06T20:06:00Z\""));

        InvalidOrderException refused = assertThrows(InvalidOrderException.class, () -> OrderJson.decode(sixMinutesAhead, NOW));
        Order accepted = OrderJson.decode(sixMinutesAhead, NOW.plusSeconds(60));

        assertEquals("createdAt is more than 5 minutes ahead of this service's clock (2026-12-06T20:00:00Z): 2026-12-06T20:06:00Z",
                refused.getMessage());
        assertEquals(Instant.parse("2026-12-06T20:06:00Z"), accepted.createdAt());
    }

    @Test
    void thePublicDecodersUseTheSystemClock() {
        byte[] future = bytes(order("\"createdAt\":\"" + Instant.now().plusSeconds(3_600) + "\""));

        assertThrows(InvalidOrderException.class, () -> OrderJson.decode(future));
        assertThrows(InvalidOrderException.class, () -> OrderJson.decodeSubmission(future, ID, Instant.now()));
        assertThrows(InvalidOrderException.class, () -> new OrderDeserializer().deserialize("orders", future));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            an exponent below int           | 1e-2147483648   | amount is out of range: 1e-2147483648
            an exponent above int           | 1e2147483648    | amount is out of range: 1e2147483648
            a zero with an exponent above   | 0e2147483648    | amount is out of range: 0e2147483648
            a scale beyond int              | 1.5e-2147483647 | amount is out of range: 1.5e-2147483647
            a ten-digit exponent            | 1e9999999999    | amount is out of range: 1e9999999999
            a negative one                  | -1e-2147483648  | amount is out of range: -1e-2147483648
            the largest int exponent        | 1e2147483647    | amount is larger than 9999999999.99
            the smallest int exponent       | 1e-2147483647   | amount has more than 2 decimals: 1E-2147483647
            """)
    void anAmountAtTheEndsOfBigDecimalIsRefusedAsInvalid(String name, String amount, String message) {
        byte[] json = bytes("{\"userId\":\"u\",\"amount\":" + amount + ",\"currency\":\"EUR\"}");

        InvalidOrderException e = assertThrows(InvalidOrderException.class, () -> OrderJson.decode(json, ID, NOW, NOW));

        assertEquals(message, e.getMessage());
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            an escaped NUL             | u\\u0000x | userId contains a control character U+0000 at index 1
            an escaped line feed       | u\\nx     | userId contains a control character U+000A at index 1
            an escaped lone surrogate  | u\\ud800x | userId contains an unpaired surrogate U+D800 at index 1
            an escaped right-to-left mark | u\\u200fx | userId contains a bidirectional control U+200F at index 1
            """)
    void aUserIdWithAForbiddenCharacterIsRefusedHoweverItIsWritten(String name, String userId, String message) {
        byte[] json = bytes("{\"userId\":\"" + userId + "\",\"amount\":5,\"currency\":\"EUR\"}");

        InvalidOrderException e = assertThrows(InvalidOrderException.class, () -> OrderJson.decode(json, ID, NOW, NOW));

        assertEquals(message, e.getMessage());
    }

    @Test
    void aUserIdWithForbiddenCharactersInRawUtf8IsRefusedToo() {
        byte[] rtlMark = bytes("{\"userId\":\"u\u200fx\",\"amount\":5,\"currency\":\"EUR\"}");
        byte[] nextLine = bytes("{\"userId\":\"u\u0085x\",\"amount\":5,\"currency\":\"EUR\"}");

        InvalidOrderException rtl = assertThrows(InvalidOrderException.class, () -> OrderJson.decode(rtlMark, ID, NOW, NOW));
        InvalidOrderException c1 = assertThrows(InvalidOrderException.class, () -> OrderJson.decode(nextLine, ID, NOW, NOW));

        assertEquals("userId contains a bidirectional control U+200F at index 1", rtl.getMessage());
        assertEquals("userId contains a control character U+0085 at index 1", c1.getMessage());
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            an overlong NUL                    | C0 80       | 12
            an overlong slash                  | E0 80 AF    | 12
            a UTF-8 encoded lone surrogate     | ED A0 80    | 12
            a code point beyond U+10FFFF       | F4 90 80 80 | 12
            a five-byte form                   | F8 88 80 80 | 12
            a lone continuation byte           | 80          | 12
            0xFF                               | FF          | 12
            a truncated two-byte form          | C3 78       | 12
            """)
    void bytesThatAreNotUtf8AreRefusedWithTheirOffset(String name, String hex, int offset) {
        byte[] json = concat(bytes("{\"userId\":\"u"), hex(hex), bytes("x\",\"amount\":5,\"currency\":\"EUR\"}"));

        OrderDecodingException e = assertThrows(OrderDecodingException.class, () -> OrderJson.decode(json, ID, NOW, NOW));

        assertEquals("undecodable", e.reason(), e.getMessage());
        assertEquals("malformed JSON: not UTF-8 at byte " + offset, e.getMessage());
    }

    @ParameterizedTest
    @ValueSource(strings = {"C3 BC", "E2 82 AC", "F0 9F 98 80", "EF BF BD", "ED 9F BF", "EE 80 80", "F4 8F BF BF"})
    void wellFormedUtf8DecodesToItsText(String hex) {
        byte[] json = concat(bytes("{\"userId\":\"u"), hex(hex), bytes("\",\"amount\":5,\"currency\":\"EUR\"}"));

        Order order = OrderJson.decode(json, ID, NOW, NOW);

        assertArrayEquals(concat(bytes("u"), hex(hex)), order.userId().getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void extremeInstantsEncodeWithoutAnException() {
        for (Instant createdAt : new Instant[] {Instant.MAX, Instant.MIN, Instant.parse("9999-12-31T23:59:59.999999999Z")}) {
            Order order = new Order(ID, "u", BigDecimal.ONE, "EUR", createdAt);

            String json = new String(OrderJson.encode(order), StandardCharsets.UTF_8);

            assertEquals(order("\"createdAt\":\"" + createdAt + "\"").replace("\"amount\":5", "\"amount\":1.00"), json);
        }
    }

    private static String order(String createdAtMember) {
        return "{\"orderId\":\"" + ID + "\",\"userId\":\"u\",\"amount\":5,\"currency\":\"EUR\"," + createdAtMember + "}";
    }

    private static byte[] hex(String hex) {
        String[] parts = hex.split(" ");
        byte[] out = new byte[parts.length];
        for (int i = 0; i < parts.length; i++) {
            out[i] = (byte) Integer.parseInt(parts[i], 16);
        }
        return out;
    }

    private static byte[] concat(byte[]... parts) {
        int length = 0;
        for (byte[] part : parts) {
            length += part.length;
        }
        byte[] out = new byte[length];
        int at = 0;
        for (byte[] part : parts) {
            System.arraycopy(part, 0, out, at, part.length);
            at += part.length;
        }
        return out;
    }

    private static byte[] bytes(String json) {
        return json.getBytes(StandardCharsets.UTF_8);
    }
}

package io.datastreamscaling.shared.order;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.datastreamscaling.shared.order.fastpath.OrderBytesReader;
import java.io.ByteArrayOutputStream;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.SplittableRandom;
import java.util.UUID;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The byte-level fast paths ({@code fastpath.OrderBytesReader}, {@code fastpath.OrderBytesWriter}) against the Jackson
 * paths they shortcut: for every input, both accept with equal orders (and the same amount text) or
 * both refuse with the same exception type and message; every order encodes to the same bytes.
 */
class OrderCodecDifferentialTest {
    private static final UUID DEFAULT_ID = UUID.fromString("3f1c2b9e-5d6a-4c8b-9e7f-0a1b2c3d4e5f");
    private static final Instant DEFAULT_CREATED = Instant.parse("2026-03-04T05:06:07.123Z");
    /** The reading service's clock, the same for both paths: the createdAt window is relative to it. */
    private static final Instant NOW = Instant.parse("2026-12-06T20:00:00Z");
    private static final String[] CURRENCIES = {"EUR", "USD", "JPY", "GBP", "CHF", "eur", "XYZ", "EURO", "", "XAU", "XTS", "XXX"};
    /**
     * Names next to the order fields' (Jackson's shared name table grows with every new name, and
     * each parser then copies it: random names would make the test slow, not stricter).
     */
    private static final String[] UNKNOWN_NAMES = {"x", "channel", "", " ", "orderid", "OrderId", "amounts", "amoun", "user_id", "createdAt ", "/"};
    private static final String[] WHITESPACE = {"", "", "", " ", "\n", "\t", "\r\n  ", "  "};
    private static final String[] ODD_AMOUNTS = {
        "-0", "0", "-0.0", "0.10", "0.1", "1e5", "1E+05", "1e-2", "1.5e-1", "125e-2", "1E2", "0.001", "1.000", "1.2300",
        "10000000000", "9999999999.99", "9999999999.995", "-3.5", "1e400", "1e-400", "12345678901234567890",
        "123456789012345678.9", "1234567890123456789", "999999999999999999", "0.000000000000000000001",
        "1e2147483648", "01", "00", "-01", "+1", ".5", "5.", "1.e5", "1e", "1e+", "-", "--1", "0x10",
        "1.5.5", "NaN", "Infinity", "-Infinity", "true", "null", "\"5\"", "[5]", "{}", "1" + "0".repeat(63),
        "1" + "0".repeat(64), "0." + "0".repeat(61) + "1", "0." + "0".repeat(62) + "1", "-" + "1".repeat(63), "-" + "1".repeat(64)};
    private static final String[] ODD_INSTANTS = {
        "2026-03-04T05:06:07Z", "2026-03-04T05:06:07.1Z", "2026-03-04T05:06:07.123456789Z", "2026-03-04T05:06:07.Z",
        "2026-03-04T05:06:07+01:00", "2026-03-04t05:06:07z", "2026-12-31T23:59:60Z", "2026-03-04T24:00:00Z",
        "+12026-03-04T05:06:07Z", "2026-02-30T00:00:00Z", "2026-03-04", "yesterday", "", "0000-01-01T00:00:00Z",
        "9999-12-31T23:59:59.999999999Z", "2026-03-04T05:06:07.1234567890Z", "1999-12-31T23:59:59.999Z", "2000-01-01T00:00:00Z",
        "2026-12-06T20:05:00Z", "2026-12-06T20:05:00.001Z", "1970-01-01T00:00:00Z", "+1000000000-12-31T23:59:59.999999999Z"};
    /** Byte runs a mutation splices in: structure, escapes, UTF-8, numbers, literals, whitespace, members. */
    private static final String[] SNIPPETS = {
        "{", "}", "[", "]", ",", ":", "\"", "\\", "\\\"", "\\n", "\\u0041", "\\u00e9", "\\/", "é", "\uD83D\uDE00", "\u00a0",
        " ", "\t", "\n", "\r", "\f", "\u000b", "-", "+", ".", "e", "E", "0", "1", "9", "-0", "1e5", "1E+05", "0.10", "00",
        ".5", "5.", "1".repeat(70), "9".repeat(65), "true", "false", "null", "nul", "tru", "NaN", "{\"a\":1}", "[1,2]",
        "[]", "{}", ",\"amount\":1", ",\"userId\":\"u\"", ",\"orderId\":null", ",\"x\":null", ",\"x\":\"y\"", ",\"x\":-1.5e3",
        ",\"x\":{\"y\":[1]}", ",", "//", "/*c*/", "#", "'", "\u0000", "\u007f", "\u001f", "\\u0000", "\\ud800", "\\udc00",
        "\\u202e", "\u202e", "\u0085", "\u2028", "\u061c"};
    private static final byte[][] RAW_SNIPPETS = {
        {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF}, {(byte) 0xFF}, {(byte) 0xC3}, {(byte) 0x80}, {(byte) 0xFE, (byte) 0xFF}, {0}, {0, 0},
        {(byte) 0xC0, (byte) 0x80}, {(byte) 0xED, (byte) 0xA0, (byte) 0x80}, {(byte) 0xF4, (byte) 0x90, (byte) 0x80, (byte) 0x80}};

    @Test
    void randomOrdersEncodeToTheSameBytesBothWays() {
        SplittableRandom random = new SplittableRandom(1);
        int fast = 0;
        for (int i = 0; i < 10_000; i++) {
            Order order = randomOrder(random);

            byte[] encoded = OrderJson.encode(order);

            assertArrayEquals(OrderJson.encodeWithJackson(order), encoded, order::toString);
            fast += OrderJson.encodeFastPath(order) != null ? 1 : 0;
        }
        assertTrue(fast > 5_000 && fast < 10_000, "both paths must be exercised, the fast one took " + fast);
    }

    @Test
    void randomOrdersDecodeFromTheirEncodingToTheSameOrderBothWays() {
        SplittableRandom random = new SplittableRandom(2);
        for (int i = 0; i < 10_000; i++) {
            byte[] json = OrderJson.encode(randomOrder(random));

            assertSameOutcome(json);
        }
    }

    @Test
    void randomOrderDocumentsDecodeAlikeBothWays() {
        SplittableRandom random = new SplittableRandom(3);
        int fast = 0;
        for (int i = 0; i < 6_000; i++) {
            byte[] json = utf8(randomDocument(random, i % 2 == 0));

            assertSameOutcome(json);
            fast += takenByFastPath(json) ? 1 : 0;
        }
        assertTrue(fast > 3_000, "the fast path must take most generated documents, took " + fast);
    }

    @Test
    void mutatedDocumentsAreAcceptedOrRefusedAlikeBothWays() {
        SplittableRandom random = new SplittableRandom(4);
        int fastAccepted = 0;
        int fastRefused = 0;
        for (int i = 0; i < 12_000; i++) {
            byte[] json = mutate(utf8(randomDocument(random, i % 4 != 0)), random);
            if (json.length == 0) {
                continue;
            }

            assertSameOutcome(json);
            Outcome fast = fastOutcome(json);
            fastAccepted += fast != null && fast.order() != null ? 1 : 0;
            fastRefused += fast != null && fast.order() == null ? 1 : 0;
        }
        assertTrue(fastAccepted > 300 && fastRefused > 600,
                "mutations must reach the fast path both ways: accepted " + fastAccepted + ", refused " + fastRefused);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', textBlock = """
            the encoder's own shape                | {"orderId":"ID","userId":"u-1","amount":19.90,"currency":"EUR","createdAt":"2026-03-04T05:06:07.123Z"}
            JSON whitespace everywhere             | <CR><LF><TAB> { "userId" :<TAB>"u" ,<LF>"amount": 5 , "currency":"EUR"<CR>} <LF>
            fields in another order                | {"createdAt":"2026-03-04T05:06:07Z","currency":"USD","amount":5,"userId":"u","orderId":"ID"}
            an upper-case orderId                  | {"orderId":"3F1C2B9E-5D6A-4C8B-9E7F-0A1B2C3D4E5F","userId":"u","amount":5,"currency":"EUR"}
            unknown scalar fields, names repeated  | {"x":"y","userId":"u","x":-1.5E+3,"amount":5,"t":true,"f":false,"n":null,"currency":"EUR","":0}
            an exponent amount                     | {"userId":"u","amount":1E+05,"currency":"EUR"}
            an amount with trailing zeros          | {"userId":"u","amount":1.500,"currency":"EUR"}
            amount minus zero, refused as invalid  | {"userId":"u","amount":-0,"currency":"EUR"}
            three decimals, refused as invalid     | {"userId":"u","amount":1.234,"currency":"EUR"}
            a 64-character amount                  | {"userId":"u","amount":<64 CHARACTERS>,"currency":"EUR"}
            null for an optional field             | {"orderId":null,"userId":"u","amount":5,"currency":"EUR","createdAt":null}
            an empty object, refused as invalid    | {}
            a missing currency, refused as invalid | {"userId":"u","amount":5}
            a lower-case currency, refused         | {"userId":"u","amount":5,"currency":"eur"}
            a currency that is not money, refused  | {"orderId":"ID","userId":"u","amount":5,"currency":"XAU"}
            a createdAt in the year 9999, refused  | {"orderId":"ID","userId":"u","amount":5,"currency":"EUR","createdAt":"9999-12-31T23:59:59Z"}
            a createdAt ahead of the clock, refused| {"orderId":"ID","userId":"u","amount":5,"currency":"EUR","createdAt":"2026-12-06T20:05:00.001Z"}
            a createdAt at the window's end        | {"orderId":"ID","userId":"u","amount":5,"currency":"EUR","createdAt":"2026-12-06T20:05:00Z"}
            a createdAt before 2000, refused       | {"orderId":"ID","userId":"u","amount":5,"currency":"EUR","createdAt":"1999-12-31T23:59:59Z"}
            """)
    void theCommonShapeIsReadInPlaceToWhatJacksonReads(String name, String json) {
        byte[] bytes = utf8(expand(json));

        Outcome fast = fastOutcome(bytes);

        assertNotNull(fast, "the fast path must take this itself");
        assertEquals(jacksonOutcome(bytes), fast);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', textBlock = """
            an escape in a string             | {"userId":"u\\u0031","amount":5,"currency":"EUR"}
            an escaped quote in a string      | {"userId":"u\\"","amount":5,"currency":"EUR"}
            non-ASCII in a string             | {"userId":"üser","amount":5,"currency":"EUR"}
            DEL in a string                   | {"userId":"u\u007f","amount":5,"currency":"EUR"}
            an escaped NUL in userId          | {"userId":"u\\u0000","amount":5,"currency":"EUR"}
            an escaped lone surrogate         | {"userId":"u\\ud800","amount":5,"currency":"EUR"}
            a raw bidi override in userId     | {"userId":"u\u202e","amount":5,"currency":"EUR"}
            a createdAt beyond the year 9999  | {"userId":"u","amount":5,"currency":"EUR","createdAt":"+10000-01-01T00:00:00Z"}
            an order field twice              | {"userId":"u","amount":1,"amount":1000,"currency":"EUR"}
            an order field twice, once null   | {"userId":"u","amount":null,"amount":1,"currency":"EUR"}
            a nested unknown field            | {"userId":"u","amount":5,"currency":"EUR","meta":{"a":[1]}}
            an array unknown field            | {"userId":"u","amount":5,"currency":"EUR","tags":[]}
            a number as userId                | {"userId":1234,"amount":5,"currency":"EUR"}
            a boolean as currency             | {"userId":"u","amount":5,"currency":true}
            a quoted amount                   | {"userId":"u","amount":"5","currency":"EUR"}
            a leading zero                    | {"userId":"u","amount":05,"currency":"EUR"}
            two zeros                         | {"userId":"u","amount":00,"currency":"EUR"}
            a plus sign                       | {"userId":"u","amount":+5,"currency":"EUR"}
            a fraction without integer part   | {"userId":"u","amount":.5,"currency":"EUR"}
            a point without fraction          | {"userId":"u","amount":5.,"currency":"EUR"}
            an exponent without digits        | {"userId":"u","amount":5e,"currency":"EUR"}
            a minus without digits            | {"userId":"u","amount":-,"currency":"EUR"}
            a 65-character amount             | {"userId":"u","amount":<65 CHARACTERS>,"currency":"EUR"}
            an exponent beyond int            | {"userId":"u","amount":1e2147483648,"currency":"EUR"}
            NaN                               | {"userId":"u","amount":NaN,"currency":"EUR"}
            a non-canonical orderId           | {"orderId":"1-2-3-4-5","userId":"u","amount":5,"currency":"EUR"}
            an offset createdAt               | {"userId":"u","amount":5,"currency":"EUR","createdAt":"2026-03-04T05:06:07+01:00"}
            an impossible createdAt           | {"userId":"u","amount":5,"currency":"EUR","createdAt":"2026-02-30T00:00:00Z"}
            a trailing comma                  | {"userId":"u","amount":5,"currency":"EUR",}
            a second object after it          | {"userId":"u","amount":5,"currency":"EUR"}{}
            garbage after it                  | {"userId":"u","amount":5,"currency":"EUR"} x
            a literal run on                  | {"userId":"u","amount":5,"currency":"EUR","x":nullx}
            a single-quoted name              | {'userId':"u","amount":5,"currency":"EUR"}
            a comment                         | {"userId":"u",/*c*/"amount":5,"currency":"EUR"}
            form feed as whitespace           | {"userId":"u",<FF>"amount":5,"currency":"EUR"}
            not an object                     | [1,2,3]
            null                              | null
            """)
    void everyOtherShapeIsLeftToJackson(String name, String json) {
        byte[] bytes = utf8(expand(json));

        Outcome fast = fastOutcome(bytes);

        assertNull(fast, "the fast path must leave this to Jackson");
        assertSameOutcome(bytes);
    }

    @Test
    void aLeadingByteOrderMarkIsLeftToJackson() {
        byte[] json = concat(new byte[] {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF}, utf8("{\"userId\":\"u\",\"amount\":5,\"currency\":\"EUR\"}"));

        Outcome fast = fastOutcome(json);

        assertNull(fast);
        assertSameOutcome(json);
    }

    @Test
    void aDocumentBeyondTheFastLengthIsLeftToJackson() {
        String padding = ",\"pad\":\"" + "x".repeat(OrderBytesReader.MAX_DOCUMENT_LENGTH) + "\"";
        byte[] json = utf8("{\"userId\":\"u\",\"amount\":5,\"currency\":\"EUR\"" + padding + "}");

        Outcome fast = fastOutcome(json);

        assertNull(fast);
        assertSameOutcome(json);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', textBlock = """
            a quote              | `say "hi"`
            a backslash          | `back\\slash`
            an emoji             | `emoji \uD83D\uDE00`
            a no-break space     | `no\u00a0break`
            non-ASCII            | `ünïcødé`
            """)
    void stringsThatNeedEscapingAreWrittenByTheGenerator(String name, String userId) {
        Order order = new Order(DEFAULT_ID, userId, new BigDecimal("5"), "EUR", DEFAULT_CREATED);

        byte[] fast = OrderJson.encodeFastPath(order);

        assertNull(fast);
        assertArrayEquals(OrderJson.encodeWithJackson(order), OrderJson.encode(order));
    }

    @Test
    void instantsOutsideTheYears0To9999AreWrittenByTheGenerator() {
        for (Instant createdAt : List.of(Instant.parse("+10000-01-01T00:00:00Z"), Instant.parse("-0001-12-31T23:59:59.5Z"), Instant.MAX, Instant.MIN)) {
            Order order = new Order(DEFAULT_ID, "u", new BigDecimal("5"), "EUR", createdAt);

            byte[] fast = OrderJson.encodeFastPath(order);

            assertNull(fast, createdAt::toString);
            assertArrayEquals(OrderJson.encodeWithJackson(order), OrderJson.encode(order), createdAt::toString);
        }
    }

    @Test
    void theWritersEdgesOfAmountAndTimeGiveTheGeneratorsBytes() {
        List<Order> orders = List.of(
                new Order(new UUID(0, 0), "!", new BigDecimal("0.01"), "EUR", Instant.EPOCH),
                new Order(new UUID(-1, -1), "~".repeat(Order.MAX_USER_ID_LENGTH), Order.MAX_AMOUNT, "USD", Instant.parse("9999-12-31T23:59:59.999999999Z")),
                new Order(DEFAULT_ID, "/", new BigDecimal("1E+3"), "JPY", Instant.parse("0000-01-01T00:00:00.000001Z")));

        for (Order order : orders) {
            byte[] fast = OrderJson.encodeFastPath(order);

            assertNotNull(fast, order::toString);
            assertArrayEquals(OrderJson.encodeWithJackson(order), fast, order::toString);
        }
    }

    /** The placeholders in the tables above: characters a CSV row cannot hold or a reader cannot count. */
    private static String expand(String json) {
        return json.replace("ID", DEFAULT_ID.toString()).replace("<CR>", "\r").replace("<LF>", "\n").replace("<TAB>", "\t")
                .replace("<FF>", "\f").replace("<64 CHARACTERS>", "0." + "0".repeat(61) + "1")
                .replace("<65 CHARACTERS>", "0." + "0".repeat(62) + "1");
    }

    // ---- the two paths and their outcomes ----

    /** What a decode ended in: an order (with its amount's exact text) or an exception's type and message. */
    private record Outcome(Order order, String amount, Class<?> error, String message) {
        static Outcome of(Supplier<Order> decode) {
            try {
                Order order = decode.get();
                return order == null ? null : new Outcome(order, order.amount().toString(), null, null);
            } catch (RuntimeException e) {
                return new Outcome(null, null, e.getClass(), e.getMessage());
            }
        }
    }

    private static void assertSameOutcome(byte[] json) {
        String shown = new String(json, StandardCharsets.UTF_8);
        assertEquals(jacksonOutcome(json), Outcome.of(() -> OrderJson.decode(json, null, null, NOW)), shown);
        assertEquals(Outcome.of(() -> OrderJson.decodeWithJackson(json, DEFAULT_ID, DEFAULT_CREATED, NOW)),
                Outcome.of(() -> OrderJson.decode(json, DEFAULT_ID, DEFAULT_CREATED, NOW)), shown);
    }

    private static Outcome jacksonOutcome(byte[] json) {
        return Outcome.of(() -> OrderJson.decodeWithJackson(json, null, null, NOW));
    }

    /** The fast path's own answer, null when it leaves the input to Jackson. */
    private static Outcome fastOutcome(byte[] json) {
        return Outcome.of(() -> OrderJson.decodeFastPath(json, null, null, NOW));
    }

    private static boolean takenByFastPath(byte[] json) {
        return fastOutcome(json) != null;
    }

    // ---- generators ----

    private static Order randomOrder(SplittableRandom random) {
        String userId = random.nextInt(4) == 0 ? anyText(random, 1 + random.nextInt(20), false) : asciiText(random, 1 + random.nextInt(40));
        if (userId.isBlank() || userId.length() > Order.MAX_USER_ID_LENGTH) {
            userId = "u" + random.nextInt(1000);
        }
        BigDecimal amount = BigDecimal.valueOf(random.nextLong(1, 1_000_000_000_000L), 2);
        return new Order(new UUID(random.nextLong(), random.nextLong()), userId, amount,
                CURRENCIES[random.nextInt(5)], randomInstant(random));
    }

    /** Mostly inside the createdAt window around {@link #NOW}, some anywhere, a few beyond 0000–9999. */
    private static Instant randomInstant(SplittableRandom random) {
        long seconds = switch (random.nextInt(50)) {
            case 0 -> random.nextLong(-400_000_000_000L, 400_000_000_000L);
            case 1, 2, 3, 4, 5 -> random.nextLong(0, 4_000_000_000L);
            case 6 -> NOW.plus(CreatedAtWindow.MAX_AHEAD).getEpochSecond() + random.nextLong(-2, 2);
            case 7 -> CreatedAtWindow.EARLIEST.getEpochSecond() + random.nextLong(-2, 2);
            default -> random.nextLong(CreatedAtWindow.EARLIEST.getEpochSecond(), NOW.getEpochSecond());
        };
        int nanos = switch (random.nextInt(4)) {
            case 0 -> 0;
            case 1 -> random.nextInt(1_000) * 1_000_000;
            case 2 -> random.nextInt(1_000_000) * 1_000;
            default -> random.nextInt(1_000_000_000);
        };
        return Instant.ofEpochSecond(seconds, nanos);
    }

    /**
     * An order document as a producer might write it, in the many shapes JSON allows: a clean one
     * is a valid order of printable ASCII with scalar unknown fields, the common shape the fast path
     * is for; the others may hold anything that the order fields or JSON allow or forbid.
     */
    private static String randomDocument(SplittableRandom random, boolean clean) {
        List<String> members = new ArrayList<>();
        if (clean) {
            String id = new UUID(random.nextLong(), random.nextLong()).toString();
            members.add("\"orderId\":" + quoted(random.nextInt(10) == 0 ? id.toUpperCase(Locale.ROOT) : id));
            members.add("\"userId\":" + quoted("u" + asciiText(random, random.nextInt(30))));
            members.add("\"amount\":" + BigDecimal.valueOf(random.nextLong(1, 1_000_000_000_000L), random.nextInt(3)));
            members.add("\"currency\":" + quoted(CURRENCIES[random.nextInt(5)]));
            members.add("\"createdAt\":" + quoted(Instant.ofEpochSecond(
                    random.nextLong(CreatedAtWindow.EARLIEST.getEpochSecond(), NOW.getEpochSecond()), random.nextInt(1_000_000_000)).toString()));
        } else {
            addSometimes(members, random, "orderId", randomOrderId(random));
            addSometimes(members, random, "userId", randomUserId(random));
            addSometimes(members, random, "amount", randomAmount(random));
            addSometimes(members, random, "currency", random.nextInt(20) == 0 ? "null" : quoted(CURRENCIES[random.nextInt(CURRENCIES.length)]));
            addSometimes(members, random, "createdAt", randomCreatedAt(random));
        }
        for (int i = random.nextInt(4); i > 0; i--) {
            String value = clean ? randomScalar(random) : randomUnknownValue(random);
            members.add(quoted(UNKNOWN_NAMES[random.nextInt(UNKNOWN_NAMES.length)]) + ":" + value);
        }
        if (!clean && random.nextInt(20) == 0 && !members.isEmpty()) {
            members.add(members.get(random.nextInt(members.size()))); // a repeated member
        }
        if (random.nextInt(3) == 0) {
            Collections.shuffle(members, new Random(random.nextLong()));
        }
        StringBuilder json = new StringBuilder(space(random)).append('{');
        for (int i = 0; i < members.size(); i++) {
            String member = members.get(i);
            int colon = member.indexOf("\":") + 1; // after the name: names hold no quote
            member = member.substring(0, colon) + space(random) + ":" + space(random) + member.substring(colon + 1);
            json.append(i == 0 ? "" : ",").append(space(random)).append(member).append(space(random));
        }
        return json.append('}').append(space(random)).toString();
    }

    private static void addSometimes(List<String> members, SplittableRandom random, String name, String value) {
        if (random.nextInt(15) != 0) {
            members.add(quoted(name) + ":" + value);
        }
    }

    private static String randomOrderId(SplittableRandom random) {
        String id = new UUID(random.nextLong(), random.nextLong()).toString();
        return switch (random.nextInt(12)) {
            case 0 -> quoted(id.toUpperCase(Locale.ROOT));
            case 1 -> quoted(id.substring(0, 35) + "G");
            case 2 -> quoted("1-2-3-4-5");
            case 3 -> "null";
            case 4 -> quoted(id.replace('-', '_'));
            default -> quoted(id);
        };
    }

    private static String randomUserId(SplittableRandom random) {
        return switch (random.nextInt(12)) {
            case 0 -> quoted(anyText(random, 1 + random.nextInt(10), true));
            case 1 -> quoted(" ");
            case 2 -> quoted("u".repeat(Order.MAX_USER_ID_LENGTH + random.nextInt(2)));
            case 3 -> String.valueOf(random.nextInt(10_000));
            case 4 -> random.nextBoolean() ? "true" : "null";
            default -> quoted(asciiText(random, 1 + random.nextInt(30)));
        };
    }

    private static String randomAmount(SplittableRandom random) {
        return switch (random.nextInt(10)) {
            case 0, 1 -> ODD_AMOUNTS[random.nextInt(ODD_AMOUNTS.length)];
            case 2 -> String.valueOf(random.nextLong(-100, 10_000_000_000L));
            case 3 -> random.nextInt(1_000) + "e" + (random.nextBoolean() ? "-" : random.nextBoolean() ? "+" : "") + random.nextInt(12);
            case 4 -> "0." + "0".repeat(random.nextInt(4)) + random.nextInt(1_000);
            default -> BigDecimal.valueOf(random.nextLong(1, 1_000_000_000_000L), random.nextInt(4)).toString();
        };
    }

    private static String randomCreatedAt(SplittableRandom random) {
        return switch (random.nextInt(8)) {
            case 0 -> quoted(ODD_INSTANTS[random.nextInt(ODD_INSTANTS.length)]);
            case 1 -> "null";
            default -> quoted(randomInstant(random).toString());
        };
    }

    private static String randomScalar(SplittableRandom random) {
        return switch (random.nextInt(5)) {
            case 0 -> quoted(asciiText(random, random.nextInt(20)));
            case 1 -> String.valueOf(random.nextLong());
            case 2 -> "-1.5e-3";
            case 3 -> random.nextBoolean() ? "true" : "false";
            default -> "null";
        };
    }

    private static String randomUnknownValue(SplittableRandom random) {
        return switch (random.nextInt(5)) {
            case 0, 1 -> randomScalar(random);
            case 2 -> "{\"a\":[1,{\"b\":null}],\"a\":2}";
            case 3 -> random.nextBoolean() ? "[]" : quoted(anyText(random, 3, true));
            default -> ODD_AMOUNTS[random.nextInt(ODD_AMOUNTS.length)];
        };
    }

    /** Mostly one, up to three byte-level edits: insert, delete or replace a byte, a snippet or a span. */
    private static byte[] mutate(byte[] json, SplittableRandom random) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] current = json;
        for (int edits = random.nextInt(8) < 5 ? 1 : 2 + random.nextInt(2); edits > 0; edits--) {
            int at = current.length == 0 ? 0 : random.nextInt(current.length + 1);
            int to = Math.min(current.length, at + random.nextInt(12));
            out.reset();
            out.write(current, 0, at);
            switch (random.nextInt(7)) {
                case 0 -> out.write(random.nextInt(256));
                case 1 -> out.write((byte) " {}[],:\"\\-+.0123456789eEtfnulx\t\n\r".charAt(random.nextInt(33)));
                case 2 -> out.writeBytes(utf8(SNIPPETS[random.nextInt(SNIPPETS.length)]));
                case 3 -> out.writeBytes(RAW_SNIPPETS[random.nextInt(RAW_SNIPPETS.length)]);
                case 4 -> out.write(current, at, to - at); // the span twice
                default -> { } // nothing: with a skip below, a deletion
            }
            // Go on after nothing (an insertion), one byte (a replacement) or a span (replaced or deleted).
            int resume = switch (random.nextInt(3)) {
                case 0 -> at;
                case 1 -> Math.min(current.length, at + 1);
                default -> to;
            };
            out.write(current, resume, current.length - resume);
            current = out.toByteArray();
        }
        return current;
    }

    private static String asciiText(SplittableRandom random, int length) {
        StringBuilder text = new StringBuilder(length);
        for (int i = 0; i < length; i++) {
            char c = (char) random.nextInt(0x20, 0x7f);
            text.append(c == '"' || c == '\\' ? 'q' : c);
        }
        return text.toString();
    }

    /**
     * Any text, written as JSON would carry it (escapes where needed): what only the slow paths handle;
     * with {@code forbidden}, also characters no userId may hold (controls, bidi controls, line separators).
     */
    private static String anyText(SplittableRandom random, int length, boolean forbidden) {
        String[] allowed = {"a", "Z", "\"", "\\", "é", "ü", "\u20ac", "\uD83D\uDE00", "/", " ", "\u00a0"};
        String[] refused = {"\t", "\n", "\u007f", "\u0085", "\u202e", "\u2066", "\u200f", "\u2028"};
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < length; i++) {
            boolean pickRefused = forbidden && random.nextInt(4) == 0;
            String[] pieces = pickRefused ? refused : allowed;
            text.append(pieces[random.nextInt(pieces.length)]);
        }
        return text.toString();
    }

    private static String quoted(String text) {
        StringBuilder json = new StringBuilder("\"");
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '"' -> json.append("\\\"");
                case '\\' -> json.append("\\\\");
                case '\n' -> json.append("\\n");
                case '\t' -> json.append(i % 2 == 0 ? "\\t" : "\\u0009");
                default -> json.append(c);
            }
        }
        return json.append('"').toString();
    }

    private static String space(SplittableRandom random) {
        return WHITESPACE[random.nextInt(WHITESPACE.length)];
    }

    private static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] concat(byte[] first, byte[] second) {
        byte[] both = new byte[first.length + second.length];
        System.arraycopy(first, 0, both, 0, first.length);
        System.arraycopy(second, 0, both, first.length, second.length);
        return both;
    }
}

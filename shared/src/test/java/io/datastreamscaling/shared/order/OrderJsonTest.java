package io.datastreamscaling.shared.order;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The wire format of an order: what decodes, what is refused, and that the refusal names the field. */
class OrderJsonTest {
    private static final UUID ID = UUID.fromString("3f1c2b9e-5d6a-4c8b-9e7f-0a1b2c3d4e5f");
    private static final Instant CREATED = Instant.parse("2026-03-04T05:06:07.123Z");

    @Test
    void encodedOrderDecodesToAnEqualOrder() {
        Order order = new Order(ID, "user-1", new BigDecimal("19.90"), "EUR", CREATED);

        Order decoded = OrderJson.decode(OrderJson.encode(order));

        assertEquals(order, decoded);
        assertEquals(new BigDecimal("19.90"), decoded.amount());
    }

    @Test
    void encodeWritesTheSameBytesAsTheMapperWritesForTheWireRecord() throws Exception {
        java.util.SplittableRandom random = new java.util.SplittableRandom(11);
        String[] users = {"user-000042", "ünïcødé \"quoted\" \\ back", "zero\u200Bwidth \u00a0space", "emoji \uD83D\uDE00"};
        for (int i = 0; i < 10_000; i++) {
            Order order = new Order(new UUID(random.nextLong(), random.nextLong()), users[i % users.length],
                    BigDecimal.valueOf(random.nextLong(1, 999_999_999_999L), 2), "EUR",
                    Instant.ofEpochSecond(random.nextLong(0, 4_000_000_000L), i % 2 == 0 ? 0 : random.nextInt(1_000_000_000)));
            byte[] viaMapper = OrderJson.mapper().writerFor(OrderJson.Wire.class).writeValueAsBytes(new OrderJson.Wire(
                    order.orderId().toString(), order.userId(), order.amount(), order.currency(), order.createdAt().toString()));

            assertEquals(new String(viaMapper, StandardCharsets.UTF_8), new String(OrderJson.encode(order), StandardCharsets.UTF_8));
        }
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            an order field twice         | ,"amount":1000}
            another object after it      | }{}
            a second order after it      | }{"userId":"u"}
            """)
    void whatCannotBeOneOrderIsUndecodable(String name, String ending) {
        String json = orderJson().replaceFirst("}$", ending);

        OrderDecodingException e = assertThrows(OrderDecodingException.class, () -> OrderJson.decode(bytes(json)));
        assertEquals("undecodable", e.reason(), e.getMessage());
    }

    @Test
    void unknownFieldsAreSkippedUnreadWhateverTheyHold() {
        String json = orderJson().replaceFirst("}$", ",\"meta\":{\"tags\":[1,{\"a\":null}],\"n\":1,\"n\":2},\"x\":1,\"x\":true}");

        assertEquals(ID, OrderJson.decode(bytes(json)).orderId());
    }

    @Test
    void aNumberInAStringFieldIsReadAsItsText() {
        String json = orderJson().replace("\"userId\":\"u\"", "\"userId\":1234");

        assertEquals("1234", OrderJson.decode(bytes(json)).userId());
    }

    @Test
    void anObjectInAStringFieldIsTheWrongType() {
        String json = orderJson().replace("\"currency\":\"EUR\"", "\"currency\":{\"code\":\"EUR\"}");

        InvalidOrderException e = assertThrows(InvalidOrderException.class, () -> OrderJson.decode(bytes(json)));
        assertEquals("currency has the wrong type: expected a JSON string", e.getMessage());
    }

    private static String orderJson() {
        return """
                {"orderId":"%s","userId":"u","amount":5,"currency":"EUR","createdAt":"%s"}""".formatted(ID, CREATED);
    }

    @Test
    void anUpperCaseOrderIdIsTheSameId() {
        String json = """
                {"orderId":"%s","userId":"u","amount":5,"currency":"EUR","createdAt":"%s"}"""
                .formatted(ID.toString().toUpperCase(java.util.Locale.ROOT), CREATED);

        assertEquals(ID, OrderJson.decode(bytes(json)).orderId());
    }

    @Test
    void amountIsAJsonNumberAndCreatedAtAnIsoString() {
        String json = new String(OrderJson.encode(new Order(ID, "u", new BigDecimal("0.10"), "USD", CREATED)), StandardCharsets.UTF_8);

        assertTrue(json.contains("\"amount\":0.10"), json);
        assertTrue(json.contains("\"createdAt\":\"2026-03-04T05:06:07.123Z\""), json);
    }

    @Test
    void unknownFieldsAreIgnored() {
        Order order = decode("""
                {"orderId":"%s","userId":"u","amount":5,"currency":"EUR","createdAt":"%s","channel":"web","items":[{"sku":1}]}"""
                .formatted(ID, CREATED));

        assertEquals(ID, order.orderId());
    }

    @Test
    void submissionWithoutIdAndTimeGetsTheServerDefaults() {
        UUID serverId = UUID.randomUUID();

        Order order = OrderJson.decodeSubmission(bytes("{\"userId\":\"u\",\"amount\":5,\"currency\":\"EUR\"}"), serverId, CREATED);

        assertEquals(serverId, order.orderId());
        assertEquals(CREATED, order.createdAt());
    }

    @Test
    void storedOrderWithoutIdIsInvalid() {
        InvalidOrderException e = assertThrows(InvalidOrderException.class,
                () -> decode("{\"userId\":\"u\",\"amount\":5,\"currency\":\"EUR\",\"createdAt\":\"" + CREATED + "\"}"));

        assertEquals("orderId", e.field());
        assertEquals("invalid", e.reason());
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            missing userId   | userId    | "amount":5,"currency":"EUR"
            blank userId     | userId    | "userId":" ","amount":5,"currency":"EUR"
            missing amount   | amount    | "userId":"u","currency":"EUR"
            zero amount      | amount    | "userId":"u","amount":0,"currency":"EUR"
            negative amount  | amount    | "userId":"u","amount":-3.5,"currency":"EUR"
            three decimals   | amount    | "userId":"u","amount":1.234,"currency":"EUR"
            too large        | amount    | "userId":"u","amount":10000000000,"currency":"EUR"
            amount not number| amount    | "userId":"u","amount":"ten","currency":"EUR"
            missing currency | currency  | "userId":"u","amount":5
            lower case       | currency  | "userId":"u","amount":5,"currency":"eur"
            not ISO 4217     | currency  | "userId":"u","amount":5,"currency":"XYZ"
            bad orderId      | orderId   | "orderId":"1234","userId":"u","amount":5,"currency":"EUR"
            short-form UUID  | orderId   | "orderId":"1-2-3-4-5","userId":"u","amount":5,"currency":"EUR"
            UUID with a G    | orderId   | "orderId":"3f1c2b9e-5d6a-4c8b-9e7f-0a1b2c3d4e5g","userId":"u","amount":5,"currency":"EUR"
            impossible date  | createdAt | "userId":"u","amount":5,"currency":"EUR","createdAt":"2026-02-30T00:00:00Z"
            bad createdAt    | createdAt | "userId":"u","amount":5,"currency":"EUR","createdAt":"2026-13-01"
            """)
    void eachValidationErrorNamesItsField(String name, String field, String members) {
        InvalidOrderException e = assertThrows(InvalidOrderException.class,
                () -> OrderJson.decodeSubmission(bytes("{" + members + "}"), ID, CREATED));

        assertEquals(field, e.field(), e.getMessage());
        assertTrue(e.getMessage().startsWith(field + " "), e.getMessage());
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            digits in a string  | "5"
            decimal in a string | "12.50"
            boolean             | true
            """)
    void amountMustBeAJsonNumberNotAStringThatLooksLikeOne(String name, String amount) {
        InvalidOrderException e = assertThrows(InvalidOrderException.class, () -> OrderJson.decodeSubmission(
                bytes("{\"userId\":\"u\",\"amount\":" + amount + ",\"currency\":\"EUR\"}"), ID, CREATED));

        assertEquals("amount", e.field(), e.getMessage());
    }

    @Test
    void trailingZerosBeyondTwoDecimalsAreStillTwoDecimals() {
        Order order = OrderJson.decodeSubmission(bytes("{\"userId\":\"u\",\"amount\":1.500,\"currency\":\"EUR\"}"), ID, CREATED);

        assertEquals(new BigDecimal("1.50"), order.amount());
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            huge exponent   | {"userId":"u","amount":1e400,"currency":"EUR"}
            NaN             | {"userId":"u","amount":NaN,"currency":"EUR"}
            not JSON        | {"userId":
            trailing tokens | {"userId":"u","amount":1,"currency":"EUR"} {}
            duplicate field | {"userId":"u","amount":1,"amount":1000,"currency":"EUR"}
            array           | [1,2,3]
            null            | null
            """)
    void hostileOrMalformedInputIsRefusedWithADecodingError(String name, String json) {
        assertThrows(OrderDecodingException.class, () -> OrderJson.decodeSubmission(bytes(json), ID, CREATED));
    }

    @Test
    void deepNestingIsRefusedWithoutExhaustingTheStack() {
        String nested = "[".repeat(10_000) + "]".repeat(10_000);

        assertThrows(OrderDecodingException.class,
                () -> OrderJson.decode(bytes("{\"userId\":\"u\",\"extra\":" + nested + ",\"amount\":1,\"currency\":\"EUR\"}")));
    }

    @Test
    void aHugeNumberLiteralIsRefused() {
        String digits = "9".repeat(100_000);

        assertThrows(OrderDecodingException.class,
                () -> OrderJson.decodeSubmission(bytes("{\"userId\":\"u\",\"amount\":" + digits + ",\"currency\":\"EUR\"}"), ID, CREATED));
    }

    @Test
    void emptyValueIsUndecodable() {
        OrderDecodingException e = assertThrows(OrderDecodingException.class, () -> OrderJson.decode(new byte[0]));

        assertEquals("undecodable", e.reason());
    }

    private static Order decode(String json) {
        return OrderJson.decode(bytes(json));
    }

    private static byte[] bytes(String json) {
        return json.getBytes(StandardCharsets.UTF_8);
    }
}

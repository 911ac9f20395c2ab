package io.datastreamscaling.shared.order;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The text and currency rules of the contract (docs/contract.md): what no one can mean in a
 * {@code userId}, and which ISO 4217 codes are money. Checked by {@link Order}'s constructor, so
 * every path (POST /orders, the consumer, Streams, the generator) refuses them alike.
 */
class OrderRulesTest {
    private static final UUID ID = UUID.fromString("3f1c2b9e-5d6a-4c8b-9e7f-0a1b2c3d4e5f");
    private static final Instant CREATED = Instant.parse("2026-03-04T05:06:07.123Z");

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            NUL                        | 0000 | userId contains a control character U+0000 at index 1
            line feed                  | 000A | userId contains a control character U+000A at index 1
            carriage return            | 000D | userId contains a control character U+000D at index 1
            tab                        | 0009 | userId contains a control character U+0009 at index 1
            escape                     | 001B | userId contains a control character U+001B at index 1
            DEL                        | 007F | userId contains a control character U+007F at index 1
            C1 next line               | 0085 | userId contains a control character U+0085 at index 1
            C1 CSI                     | 009B | userId contains a control character U+009B at index 1
            right-to-left override     | 202E | userId contains a bidirectional control U+202E at index 1
            left-to-right embedding    | 202A | userId contains a bidirectional control U+202A at index 1
            first strong isolate       | 2068 | userId contains a bidirectional control U+2068 at index 1
            pop directional isolate    | 2069 | userId contains a bidirectional control U+2069 at index 1
            left-to-right mark         | 200E | userId contains a bidirectional control U+200E at index 1
            right-to-left mark         | 200F | userId contains a bidirectional control U+200F at index 1
            arabic letter mark         | 061C | userId contains a bidirectional control U+061C at index 1
            line separator             | 2028 | userId contains a line separator U+2028 at index 1
            paragraph separator        | 2029 | userId contains a line separator U+2029 at index 1
            lone high surrogate        | D83D | userId contains an unpaired surrogate U+D83D at index 1
            lone low surrogate         | DE00 | userId contains an unpaired surrogate U+DE00 at index 1
            """)
    void aUserIdWithACharacterNoOneCanMeanIsRefusedNamingIt(String name, String hex, String message) {
        String userId = "u" + (char) Integer.parseInt(hex, 16) + "ser";

        InvalidOrderException e = assertThrows(InvalidOrderException.class, () -> order(userId, "EUR"));

        assertEquals("userId", e.field());
        assertEquals(message, e.getMessage());
    }

    @Test
    void surrogatesInTheWrongOrderAreUnpaired() {
        InvalidOrderException e = assertThrows(InvalidOrderException.class, () -> order("u\uDE00\uD83D", "EUR"));

        assertEquals("userId contains an unpaired surrogate U+DE00 at index 1", e.getMessage());
    }

    @Test
    void aHighSurrogateAtTheEndIsUnpaired() {
        InvalidOrderException e = assertThrows(InvalidOrderException.class, () -> order("user\uD83D", "EUR"));

        assertEquals("userId contains an unpaired surrogate U+D83D at index 4", e.getMessage());
    }

    @ParameterizedTest
    @ValueSource(strings = {"user-000042", "ünïcødé", "emoji \uD83D\uDE00", "名前", "O'Brien & \"Co\" \\ /", "a b", "עברית", "\u00a0x"})
    void printableTextInAnyScriptIsAUserId(String userId) {
        assertDoesNotThrow(() -> order(userId, "EUR"));
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"XXX", "XTS", "XAU", "XAG", "XPT", "XPD", "XBA", "XBB", "XBC", "XBD", "XDR", "XSU", "XUA"})
    void anIsoCodeThatIsNotMoneyIsRefused(String code) {
        InvalidOrderException e = assertThrows(InvalidOrderException.class, () -> order("u", code));

        assertEquals("currency", e.field());
        assertEquals("currency is not money: " + code + " has no minor unit in ISO 4217"
                + " (precious metals, bond and fund units, XDR, XSU, XUA, XTS and XXX are refused)", e.getMessage());
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"EUR", "USD", "JPY", "GBP", "CHF", "KWD", "XAF", "XOF", "XPF", "XCD"})
    void circulatingCurrenciesIncludingTheSupranationalXCodesAreMoney(String code) {
        assertEquals(code, order("u", code).currency());
    }

    @Test
    void aCurrencyEchoedInARefusalIsShortAndEscaped() {
        InvalidOrderException e = assertThrows(InvalidOrderException.class, () -> order("u", "E\nUR" + "x".repeat(100)));

        assertEquals("currency is not an ISO 4217 code: E\\u000AUR" + "x".repeat(60) + "…", e.getMessage());
    }

    private static Order order(String userId, String currency) {
        return new Order(ID, userId, new BigDecimal("5"), currency, CREATED);
    }
}

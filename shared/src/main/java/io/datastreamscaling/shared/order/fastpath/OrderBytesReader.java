package io.datastreamscaling.shared.order.fastpath;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.UUID;

/**
 * Reads the order shape producers actually send straight from the bytes, without a JSON parser:
 * one flat object, the five fields in any order with string values of printable ASCII and no
 * escapes, {@code amount} a JSON number, unknown fields with scalar values, JSON whitespace anywhere
 * between tokens.
 *
 * <p>It only ever says "these five values" or "not mine" ({@code null}): every input it is not sure
 * about (escapes, non-ASCII, nesting, a repeated order field, a number off the JSON grammar, a value
 * of the wrong type, an orderId or createdAt not in the canonical form, anything after the object)
 * goes to the reference decoder, Jackson's streaming parser in {@code OrderJson}, which decides and
 * words the error. What it does read, the reference reads to the same five values; the codec then
 * builds and validates the order from them alike for both paths.
 *
 * <p>An optimisation, nothing more: equivalence with the reference is enforced by
 * {@code OrderCodecDifferentialTest}, the gain measured by {@code OrderCodecBenchmark} (bench).
 */
public final class OrderBytesReader {
    /**
     * Far below Jackson's length limits (names 50,000, strings 1,000,000 characters), so no string
     * this reader accepts could be one Jackson refuses for its length; a typical order is 150 bytes.
     */
    public static final int MAX_DOCUMENT_LENGTH = 8_192;
    /** The parser's {@code maxNumberLength}: a longer literal is Jackson's to refuse. */
    private static final int MAX_NUMBER_LENGTH = 64;
    /** Digits that always fit a long: 10^18 - 1 < 2^63. */
    private static final int MAX_LONG_DIGITS = 18;
    private static final int UUID_LENGTH = 36;
    private static final int NOT_MINE = -1;

    private static final int ORDER_ID = 1;
    private static final int USER_ID = 2;
    private static final int AMOUNT = 4;
    private static final int CURRENCY = 8;
    private static final int CREATED_AT = 16;
    private static final byte[] ORDER_ID_NAME = ascii("orderId");
    private static final byte[] USER_ID_NAME = ascii("userId");
    private static final byte[] AMOUNT_NAME = ascii("amount");
    private static final byte[] CURRENCY_NAME = ascii("currency");
    private static final byte[] CREATED_AT_NAME = ascii("createdAt");
    private static final byte[] TRUE = ascii("true");
    private static final byte[] FALSE = ascii("false");
    private static final byte[] NULL = ascii("null");
    /** The bytes a string may hold on this path, one table load per byte: printable ASCII but '"' and '\\'. */
    private static final boolean[] PLAIN = new boolean[256];

    static {
        for (int b = 0x20; b <= 0x7e; b++) {
            PLAIN[b] = b != '"' && b != '\\';
        }
    }

    private final byte[] json;
    private int seen;
    // Where each string value starts and ends (the closing quote); -1 when absent or JSON null.
    private int orderIdFrom = NOT_MINE;
    private int orderIdTo;
    private int userIdFrom = NOT_MINE;
    private int userIdTo;
    private int currencyFrom = NOT_MINE;
    private int currencyTo;
    private int createdAtFrom = NOT_MINE;
    private int createdAtTo;
    private BigDecimal amount;

    private OrderBytesReader(byte[] json) {
        this.json = json;
    }

    /** The five values in {@code json}; null when the reference decoder must decide. */
    public static OrderFields read(byte[] json) {
        if (json.length > MAX_DOCUMENT_LENGTH) {
            return null;
        }
        OrderBytesReader reader = new OrderBytesReader(json);
        return reader.readObject() ? reader.toFields() : null;
    }

    /** Records where the five values are; false at the first byte outside the common shape. */
    private boolean readObject() {
        int at = skipWhitespace(0);
        if (at >= json.length || json[at] != '{') {
            return false;
        }
        at = skipWhitespace(at + 1);
        if (at < json.length && json[at] == '}') {
            return skipWhitespace(at + 1) == json.length;
        }
        while (at >= 0) {
            at = readMember(at);
            if (at < 0 || at >= json.length) {
                return false;
            }
            if (json[at] == '}') {
                // Jackson refuses whatever follows the object but whitespace (FAIL_ON_TRAILING_TOKENS).
                return skipWhitespace(at + 1) == json.length;
            }
            at = json[at] == ',' ? skipWhitespace(at + 1) : NOT_MINE;
        }
        return false;
    }

    /** One {@code "name": value} at {@code at}; the index of the next token after it, or -1. */
    private int readMember(int at) {
        if (at >= json.length || json[at] != '"') {
            return NOT_MINE;
        }
        int nameTo = endOfString(at + 1);
        if (nameTo < 0) {
            return NOT_MINE;
        }
        int colon = skipWhitespace(nameTo + 1);
        if (colon >= json.length || json[colon] != ':') {
            return NOT_MINE;
        }
        int value = skipWhitespace(colon + 1);
        if (value >= json.length) {
            return NOT_MINE;
        }
        int field = field(at + 1, nameTo);
        if ((seen & field) != 0) {
            return NOT_MINE; // a repeated order field: the reference refuses it and says which
        }
        seen |= field;
        int valueEnd = field == 0 ? endOfScalar(value) : readField(field, value);
        return valueEnd < 0 ? NOT_MINE : skipWhitespace(valueEnd);
    }

    /** Reads one order field's value; the index after it, or -1 for a type the reference must judge. */
    private int readField(int field, int at) {
        if (json[at] == 'n') {
            return endOfLiteral(at, NULL); // null is an absent field: nothing recorded
        }
        if (field == AMOUNT) {
            int end = endOfNumber(at);
            amount = end < 0 ? null : decimal(at, end);
            return amount == null ? NOT_MINE : end;
        }
        // A number or boolean in a string field is read as its text by the reference: rare, so left to it.
        int to = json[at] == '"' ? endOfString(at + 1) : NOT_MINE;
        if (to < 0) {
            return NOT_MINE;
        }
        switch (field) {
            case ORDER_ID -> {
                orderIdFrom = at + 1;
                orderIdTo = to;
            }
            case USER_ID -> {
                userIdFrom = at + 1;
                userIdTo = to;
            }
            case CURRENCY -> {
                currencyFrom = at + 1;
                currencyTo = to;
            }
            default -> {
                createdAtFrom = at + 1;
                createdAtTo = to;
            }
        }
        return to + 1;
    }

    private OrderFields toFields() {
        UUID orderId = null;
        if (orderIdFrom >= 0) {
            orderId = orderIdTo - orderIdFrom == UUID_LENGTH ? uuid(orderIdFrom) : null;
            if (orderId == null) {
                return null; // not canonical: the reference words "is not a UUID"
            }
        }
        Instant createdAt = null;
        if (createdAtFrom >= 0) {
            createdAt = IsoInstants.parseUsualShape(json, createdAtFrom, createdAtTo - createdAtFrom);
            if (createdAt == null) {
                return null; // other ISO forms and the errors are the JDK's, via the String the reference reads
            }
        }
        return new OrderFields(orderId, text(userIdFrom, userIdTo), amount, text(currencyFrom, currencyTo), createdAt);
    }

    /** Which order field a name is (its bit), or 0 for an unknown one. */
    private int field(int from, int to) {
        return switch (to - from) {
            case 6 -> is(USER_ID_NAME, from) ? USER_ID : is(AMOUNT_NAME, from) ? AMOUNT : 0;
            case 7 -> is(ORDER_ID_NAME, from) ? ORDER_ID : 0;
            case 8 -> is(CURRENCY_NAME, from) ? CURRENCY : 0;
            case 9 -> is(CREATED_AT_NAME, from) ? CREATED_AT : 0;
            default -> 0;
        };
    }

    private boolean is(byte[] name, int from) {
        for (int i = 0; i < name.length; i++) {
            if (json[from + i] != name[i]) {
                return false;
            }
        }
        return true;
    }

    /** An unknown field's value: skipped, but only a scalar, so nesting and its limits stay Jackson's. */
    private int endOfScalar(int at) {
        byte first = json[at];
        if (first == '"') {
            int to = endOfString(at + 1);
            return to < 0 ? NOT_MINE : to + 1;
        }
        if (first == '-' || (first >= '0' && first <= '9')) {
            return endOfNumber(at);
        }
        return switch (first) {
            case 't' -> endOfLiteral(at, TRUE);
            case 'f' -> endOfLiteral(at, FALSE);
            case 'n' -> endOfLiteral(at, NULL);
            default -> NOT_MINE;
        };
    }

    /**
     * The index of the closing quote of a string whose content starts at {@code from}; -1 at a
     * backslash (escapes are the parser's), a control character or any byte outside ASCII (UTF-8,
     * and whether it is valid, is the parser's too).
     */
    private int endOfString(int from) {
        int i = from;
        while (i < json.length && PLAIN[json[i] & 0xff]) {
            i++;
        }
        return i < json.length && json[i] == '"' ? i : NOT_MINE;
    }

    /**
     * The end of a JSON number at {@code at}, exactly RFC 8259's grammar as the parser applies it
     * by default: {@code -? (0 | [1-9][0-9]*) (. [0-9]+)? ([eE] [+-]? [0-9]+)?}, nothing else
     * (no '+', no leading zeros, no "5." or ".5"), and no longer than the parser's limit.
     */
    private int endOfNumber(int at) {
        int i = at;
        if (json[i] == '-') {
            i++;
        }
        if (i < json.length && json[i] == '0') {
            i++;
        } else {
            i = endOfDigits(i, true);
        }
        if (i >= 0 && i < json.length && json[i] == '.') {
            i = endOfDigits(i + 1, false);
        }
        if (i >= 0 && i < json.length && (json[i] == 'e' || json[i] == 'E')) {
            i++;
            if (i < json.length && (json[i] == '+' || json[i] == '-')) {
                i++;
            }
            i = endOfDigits(i, false);
        }
        if (i < 0 || i - at > MAX_NUMBER_LENGTH) {
            return NOT_MINE;
        }
        // "01" or "1x": not a number that ends here; what follows a number is checked by the caller.
        return i < json.length && json[i] >= '0' && json[i] <= '9' ? NOT_MINE : i;
    }

    /** The end of one or more digits at {@code at} (the first not '0' if so asked), or -1 if none. */
    private int endOfDigits(int at, boolean nonZeroFirst) {
        if (at >= json.length || json[at] < (nonZeroFirst ? '1' : '0') || json[at] > '9') {
            return NOT_MINE;
        }
        int i = at + 1;
        while (i < json.length && json[i] >= '0' && json[i] <= '9') {
            i++;
        }
        return i;
    }

    /**
     * The BigDecimal the parser's {@code getDecimalValue()} gives for this (grammar-checked) literal:
     * the same unscaled value and scale as {@code new BigDecimal(text)}. Up to 18 digits without an
     * exponent, built from a long with no text at all; else from the characters. Null if BigDecimal
     * refuses it (an exponent beyond int): the reference refuses it as out of range.
     */
    private BigDecimal decimal(int from, int to) {
        boolean negative = json[from] == '-';
        long unscaled = 0;
        int digits = 0;
        int scale = 0;
        for (int i = negative ? from + 1 : from; i < to; i++) {
            byte b = json[i];
            if (b == '.') {
                scale = to - i - 1;
            } else if (b == 'e' || b == 'E' || ++digits > MAX_LONG_DIGITS) {
                return decimalFromText(from, to);
            } else {
                unscaled = unscaled * 10 + (b - '0');
            }
        }
        return BigDecimal.valueOf(negative ? -unscaled : unscaled, scale);
    }

    private BigDecimal decimalFromText(int from, int to) {
        char[] text = new char[to - from];
        for (int i = 0; i < text.length; i++) {
            text[i] = (char) json[from + i];
        }
        try {
            return new BigDecimal(text, 0, text.length);
        } catch (NumberFormatException e) {
            return null;
        }
    }

    /**
     * The canonical 8-4-4-4-12 hex form in either case, as the reference accepts it, to the
     * same UUID as {@code UUID.fromString}; null for anything else.
     */
    private UUID uuid(int from) {
        long mostSignificant = 0;
        long leastSignificant = 0;
        for (int i = 0; i < UUID_LENGTH; i++) {
            int b = json[from + i];
            if (i == 8 || i == 13 || i == 18 || i == 23) {
                if (b != '-') {
                    return null;
                }
                continue;
            }
            int nibble = hexValue(b);
            if (nibble < 0) {
                return null;
            }
            if (i < 18) {
                mostSignificant = mostSignificant << 4 | nibble;
            } else {
                leastSignificant = leastSignificant << 4 | nibble;
            }
        }
        return new UUID(mostSignificant, leastSignificant);
    }

    private static int hexValue(int b) {
        if (b >= '0' && b <= '9') {
            return b - '0';
        }
        if (b >= 'a' && b <= 'f') {
            return b - 'a' + 10;
        }
        if (b >= 'A' && b <= 'F') {
            return b - 'A' + 10;
        }
        return -1;
    }

    /** A string already checked to be printable ASCII, so one byte is one char. */
    private String text(int from, int to) {
        return from < 0 ? null : new String(json, from, to - from, StandardCharsets.ISO_8859_1);
    }

    /** The end of {@code literal} at {@code at}; "nullx" then fails on the byte after it, as in the parser. */
    private int endOfLiteral(int at, byte[] literal) {
        if (json.length - at < literal.length) {
            return NOT_MINE;
        }
        for (int i = 0; i < literal.length; i++) {
            if (json[at + i] != literal[i]) {
                return NOT_MINE;
            }
        }
        return at + literal.length;
    }

    /** The index of the first byte at or after {@code at} that is not JSON whitespace. */
    private int skipWhitespace(int at) {
        int i = at;
        while (i < json.length && (json[i] == ' ' || json[i] == '\n' || json[i] == '\r' || json[i] == '\t')) {
            i++;
        }
        return i;
    }

    private static byte[] ascii(String text) {
        return text.getBytes(StandardCharsets.US_ASCII);
    }
}

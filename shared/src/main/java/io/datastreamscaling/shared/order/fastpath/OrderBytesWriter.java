package io.datastreamscaling.shared.order.fastpath;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.UUID;

/**
 * Encodes an order straight into an array of exactly its size, without a JSON generator, when
 * nothing in it needs escaping: the same bytes the reference encoder (Jackson's generator in
 * {@code OrderJson}) writes, field for field ({@code OrderCodecDifferentialTest} compares them).
 * Strings that need escaping or UTF-8 and instants outside the years 0000–9999 are left to the
 * generator ({@code null}).
 *
 * <p>An optimisation, nothing more: equivalence with the reference is enforced by
 * {@code OrderCodecDifferentialTest}, the gain measured by {@code OrderCodecBenchmark} (bench).
 */
public final class OrderBytesWriter {
    private static final byte[] BEFORE_ORDER_ID = ascii("{\"orderId\":\"");
    private static final byte[] BEFORE_USER_ID = ascii("\",\"userId\":\"");
    private static final byte[] BEFORE_AMOUNT = ascii("\",\"amount\":");
    private static final byte[] BEFORE_CURRENCY = ascii(",\"currency\":\"");
    private static final byte[] BEFORE_CREATED_AT = ascii("\",\"createdAt\":\"");
    private static final byte[] END = ascii("\"}");
    private static final int FIXED_LENGTH = BEFORE_ORDER_ID.length + BEFORE_USER_ID.length + BEFORE_AMOUNT.length
            + BEFORE_CURRENCY.length + BEFORE_CREATED_AT.length + END.length;
    private static final int UUID_LENGTH = 36;
    private static final byte[] HEX_DIGITS = ascii("0123456789abcdef");

    private OrderBytesWriter() {
    }

    /** The order's JSON, or null when the generator must write it. */
    public static byte[] write(UUID orderId, String userId, BigDecimal amountValue, String currency, Instant createdAt) {
        int createdAtLength = IsoInstants.formattedLength(createdAt);
        if (createdAtLength < 0) {
            return null;
        }
        // What the generator writes for a BigDecimal (WRITE_BIGDECIMAL_AS_PLAIN is off): always ASCII.
        String amount = amountValue.toString();
        byte[] out = new byte[FIXED_LENGTH + UUID_LENGTH + userId.length() + amount.length() + currency.length() + createdAtLength];
        int at = put(BEFORE_ORDER_ID, out, 0);
        at = uuid(orderId, out, at);
        at = put(BEFORE_USER_ID, out, at);
        at = plain(userId, out, at);
        if (at < 0) {
            return null;
        }
        at = put(BEFORE_AMOUNT, out, at);
        at = plain(amount, out, at);
        at = put(BEFORE_CURRENCY, out, at);
        at = plain(currency, out, at);
        if (at < 0) {
            return null;
        }
        at = put(BEFORE_CREATED_AT, out, at);
        at = IsoInstants.formatTo(createdAt, out, at);
        put(END, out, at);
        return out;
    }

    /**
     * Copies a string the generator would write unchanged: printable ASCII without '"' and '\',
     * one byte per char. -1 for any other char (an escape or UTF-8 in the generator's output).
     */
    private static int plain(String text, byte[] out, int at) {
        if (at < 0) {
            return at;
        }
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c < 0x20 || c > 0x7e || c == '"' || c == '\\') {
                return -1;
            }
            out[at + i] = (byte) c;
        }
        return at + text.length();
    }

    /** {@link UUID#toString()}: lower-case hex, 8-4-4-4-12. */
    private static int uuid(UUID id, byte[] out, int at) {
        long most = id.getMostSignificantBits();
        long least = id.getLeastSignificantBits();
        hex(most >>> 32, 8, out, at);
        out[at + 8] = '-';
        hex(most >>> 16, 4, out, at + 9);
        out[at + 13] = '-';
        hex(most, 4, out, at + 14);
        out[at + 18] = '-';
        hex(least >>> 48, 4, out, at + 19);
        out[at + 23] = '-';
        hex(least, 12, out, at + 24);
        return at + UUID_LENGTH;
    }

    private static void hex(long value, int digits, byte[] out, int at) {
        long rest = value;
        for (int i = at + digits - 1; i >= at; i--) {
            out[i] = HEX_DIGITS[(int) rest & 0xf];
            rest >>>= 4;
        }
    }

    private static int put(byte[] part, byte[] out, int at) {
        System.arraycopy(part, 0, out, at, part.length);
        return at + part.length;
    }

    private static byte[] ascii(String text) {
        return text.getBytes(StandardCharsets.US_ASCII);
    }
}

package io.datastreamscaling.shared.order;

/**
 * Checks that a record value or request body is UTF-8 JSON text before the parser reads it.
 *
 * <p>Jackson's byte parser decodes some invalid UTF-8 anyway (an overlong {@code C0 80} becomes
 * NUL, an overlong {@code C1 81} becomes "A": a second spelling of the same userId), and from zero
 * bytes in the first four it guesses UTF-16 or UTF-32. JSON exchanged between systems is UTF-8
 * (RFC 8259, section 8.1), so anything else is refused here with the offset of the first bad byte:
 * overlong forms, UTF-16 surrogates encoded as UTF-8, code points beyond U+10FFFF, truncated
 * sequences, and the byte 0 (never valid in JSON text, where NUL must be escaped).
 */
final class StrictUtf8 {
    private StrictUtf8() {
    }

    /** The index of the first byte that starts no valid UTF-8 JSON character, or -1 if there is none. */
    static int firstInvalidByte(byte[] bytes) {
        int i = 0;
        while (i < bytes.length) {
            int b = bytes[i] & 0xff;
            if (b < 0x80) {
                if (b == 0) {
                    return i;
                }
                i++;
                continue;
            }
            int length = sequenceLength(bytes, i, b);
            if (length < 0) {
                return i;
            }
            i += length;
        }
        return -1;
    }

    /** The length of the multi-byte sequence starting with {@code b} at {@code at}, or -1 if invalid (RFC 3629, section 4). */
    private static int sequenceLength(byte[] bytes, int at, int b) {
        int length;
        int secondMin = 0x80;
        int secondMax = 0xbf;
        if (b >= 0xc2 && b <= 0xdf) {
            length = 2;
        } else if (b >= 0xe0 && b <= 0xef) {
            length = 3;
            if (b == 0xe0) {
                secondMin = 0xa0; // below: an overlong form of a two-byte character
            } else if (b == 0xed) {
                secondMax = 0x9f; // above: U+D800–U+DFFF, surrogates, which UTF-8 never encodes
            }
        } else if (b >= 0xf0 && b <= 0xf4) {
            length = 4;
            if (b == 0xf0) {
                secondMin = 0x90; // below: overlong
            } else if (b == 0xf4) {
                secondMax = 0x8f; // above: beyond U+10FFFF
            }
        } else {
            return -1; // a continuation byte, an overlong C0/C1 lead, or F5–FF
        }
        if (at + length > bytes.length) {
            return -1;
        }
        int second = bytes[at + 1] & 0xff;
        if (second < secondMin || second > secondMax) {
            return -1;
        }
        for (int i = at + 2; i < at + length; i++) {
            if ((bytes[i] & 0xc0) != 0x80) {
                return -1;
            }
        }
        return length;
    }
}

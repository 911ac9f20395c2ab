package io.datastreamscaling.shared.order;

import java.util.Locale;

/**
 * Characters that no one can mean in a {@code userId}, and a safe way to show any client text in a
 * refusal message.
 *
 * <p>Refused: the C0 and C1 control characters (NUL, TAB, CR, LF, ESC, DEL, U+0080–U+009F), the
 * Unicode line and paragraph separators (U+2028, U+2029), the bidirectional controls (U+061C,
 * U+200E, U+200F, U+202A–U+202E, U+2066–U+2069) and surrogates that are not part of a pair. Why:
 * the userId is a Kafka key, a database column, a label in logs and dashboards and part of
 * dead-letter headers. A line break forges log lines and breaks the COPY text and CSV exports; NUL
 * cannot be stored in PostgreSQL text; a bidi control makes a userId display as another one
 * ("Trojan Source"); a lone surrogate has no UTF-8 form, so the same id would leave the JVM as
 * {@code ?} and two different ids would collide. Every other character, in any script, is allowed.
 */
final class UnsafeCharacters {
    /** Client text echoed in a message is cut here: a refusal must stay one short line. */
    static final int MAX_SHOWN_LENGTH = 64;

    private UnsafeCharacters() {
    }

    /**
     * What is wrong with the first refused character of {@code text}, e.g. "contains a control
     * character U+000A at index 4" (the index counts UTF-16 units, as Java and JavaScript do); null
     * when every character is allowed.
     */
    static String problemIn(String text) {
        int length = text.length();
        for (int i = 0; i < length; i++) {
            char c = text.charAt(i);
            if (c >= 0x20 && c < 0x7f) {
                continue; // printable ASCII: nearly every userId, one comparison per character
            }
            if (Character.isHighSurrogate(c) && i + 1 < length && Character.isLowSurrogate(text.charAt(i + 1))) {
                i++; // a pair: one character outside the Basic Multilingual Plane, such as an emoji
                continue;
            }
            String kind = kindOf(c);
            if (kind != null) {
                return String.format(Locale.ROOT, "contains %s U+%04X at index %d", kind, (int) c, i);
            }
        }
        return null;
    }

    /**
     * {@code text} as a message may show it: at most {@link #MAX_SHOWN_LENGTH} characters (then
     * "…"), every refused character written as {@code \}{@code uXXXX}, so an echoed value can
     * neither break a log line nor reorder what a reader sees.
     */
    static String shown(String text) {
        String cut = text.length() <= MAX_SHOWN_LENGTH ? text : text.substring(0, MAX_SHOWN_LENGTH);
        StringBuilder shown = new StringBuilder(cut.length() + 8);
        for (int i = 0; i < cut.length(); i++) {
            char c = cut.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < cut.length() && Character.isLowSurrogate(cut.charAt(i + 1))) {
                shown.append(c).append(cut.charAt(++i));
            } else if (kindOf(c) != null) {
                shown.append(String.format(Locale.ROOT, "\\u%04X", (int) c));
            } else {
                shown.append(c);
            }
        }
        return cut.length() < text.length() ? shown.append('…').toString() : shown.toString();
    }

    /** Which refused kind {@code c} is, or null if it is allowed (a surrogate here is unpaired). */
    private static String kindOf(char c) {
        if (Character.isISOControl(c)) {
            return "a control character";
        }
        if (Character.isSurrogate(c)) {
            return "an unpaired surrogate";
        }
        if (c == '\u2028' || c == '\u2029') {
            return "a line separator";
        }
        if (c == '\u061c' || c == '\u200e' || c == '\u200f' || (c >= '\u202a' && c <= '\u202e') || (c >= '\u2066' && c <= '\u2069')) {
            return "a bidirectional control";
        }
        return null;
    }
}

package io.datastreamscaling.shared.order.fastpath;

import java.nio.charset.StandardCharsets;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;

/**
 * {@link Instant#toString()} and {@link Instant#parse} for the one shape every order carries,
 * {@code 2026-11-26T16:10:48.123456Z}, without {@code DateTimeFormatter}: part of the codec's fast
 * path (see the package description), used by {@link OrderBytesReader} and {@link OrderBytesWriter}.
 *
 * <p>Why it exists: profiles of the producer and the consumer at full speed (docs/benchmarks.md)
 * put {@code Instant.toString} at 18 % of the producer's sending thread and {@code Instant.parse}
 * at 32 % of the consumer's poll thread: the formatter goes through a generic field map per call.
 * Both methods here give exactly the JDK's answer: the fast path covers years 0000–9999 in UTC with
 * the JDK's own fraction rules (3, 6 or 9 digits), and anything else goes to the JDK, so accepted
 * inputs, results and errors do not change ({@code IsoInstantsTest} compares the two). The byte
 * forms ({@link #formatTo}, {@link #parseUsualShape(byte[], int, int)}) let the order codec write
 * and read the text in place, without a String in between.
 */
final class IsoInstants {
    private static final int[] POWERS_OF_TEN = {1, 10, 100, 1_000, 10_000, 100_000, 1_000_000, 10_000_000, 100_000_000};
    private static final long FIRST_FAST_SECOND = LocalDateTime.of(0, 1, 1, 0, 0).toEpochSecond(ZoneOffset.UTC);
    private static final long LAST_FAST_SECOND = LocalDateTime.of(9999, 12, 31, 23, 59, 59).toEpochSecond(ZoneOffset.UTC);

    private IsoInstants() {
    }

    /** The same text as {@link Instant#toString()}. */
    static String format(Instant instant) {
        int length = formattedLength(instant);
        if (length < 0) {
            return instant.toString();
        }
        byte[] out = new byte[length];
        formatTo(instant, out, 0);
        return new String(out, StandardCharsets.ISO_8859_1);
    }

    /**
     * How many bytes {@link #formatTo} writes for this instant, or -1 outside the years 0000–9999
     * (then only {@link Instant#toString()} has the text): lets an encoder size its array exactly.
     */
    static int formattedLength(Instant instant) {
        long seconds = instant.getEpochSecond();
        if (seconds < FIRST_FAST_SECOND || seconds > LAST_FAST_SECOND) {
            return -1;
        }
        int nanos = instant.getNano();
        return 20 + (nanos == 0 ? 0 : nanos % 1_000_000 == 0 ? 4 : nanos % 1_000 == 0 ? 7 : 10);
    }

    /**
     * Writes the ASCII text of {@link #format} at {@code out[at]}, for an instant whose
     * {@link #formattedLength} is not -1; returns the index after it.
     */
    static int formatTo(Instant instant, byte[] out, int at) {
        LocalDateTime t = LocalDateTime.ofEpochSecond(instant.getEpochSecond(), 0, ZoneOffset.UTC);
        int nanos = instant.getNano();
        at = digits(out, at, t.getYear(), 4);
        out[at++] = '-';
        at = digits(out, at, t.getMonthValue(), 2);
        out[at++] = '-';
        at = digits(out, at, t.getDayOfMonth(), 2);
        out[at++] = 'T';
        at = digits(out, at, t.getHour(), 2);
        out[at++] = ':';
        at = digits(out, at, t.getMinute(), 2);
        out[at++] = ':';
        at = digits(out, at, t.getSecond(), 2);
        if (nanos != 0) {
            out[at++] = '.';
            // ISO_INSTANT prints the fraction in groups of three digits: millis, micros or nanos.
            if (nanos % 1_000_000 == 0) {
                at = digits(out, at, nanos / 1_000_000, 3);
            } else if (nanos % 1_000 == 0) {
                at = digits(out, at, nanos / 1_000, 6);
            } else {
                at = digits(out, at, nanos, 9);
            }
        }
        out[at++] = 'Z';
        return at;
    }

    /** The same instant as {@link Instant#parse}, which also decides every input not in the usual shape. */
    static Instant parse(String text) {
        Instant fast = parseUsualShape(text);
        return fast != null ? fast : Instant.parse(text);
    }

    /** {@code yyyy-MM-ddTHH:mm:ss[.f{1,9}]Z} with valid fields, or null for the JDK to decide. */
    private static Instant parseUsualShape(String s) {
        int length = s.length();
        if (length < 20 || length > 30 || s.charAt(4) != '-' || s.charAt(7) != '-' || s.charAt(10) != 'T'
                || s.charAt(13) != ':' || s.charAt(16) != ':' || s.charAt(length - 1) != 'Z'
                || length == 21 || (length > 20 && s.charAt(19) != '.')) {
            return null; // "…:48.Z" (a point without digits) and every other shape are the JDK's
        }
        return instant(number(s, 0, 4), number(s, 5, 2), number(s, 8, 2), number(s, 11, 2), number(s, 14, 2),
                number(s, 17, 2), length > 20 ? number(s, 20, length - 21) : 0, Math.max(length - 21, 0));
    }

    /**
     * {@link #parseUsualShape(String)} for the ASCII text in {@code s[from, from + length)}, read in
     * place: the same instant, or null when the String form must go to {@link #parse} (the JDK).
     */
    static Instant parseUsualShape(byte[] s, int from, int length) {
        int end = from + length;
        if (length < 20 || length > 30 || s[from + 4] != '-' || s[from + 7] != '-' || s[from + 10] != 'T'
                || s[from + 13] != ':' || s[from + 16] != ':' || s[end - 1] != 'Z'
                || length == 21 || (length > 20 && s[from + 19] != '.')) {
            return null; // "…:48.Z" (a point without digits) and every other shape are the JDK's
        }
        int century = twoDigits(s, from);
        int yearOfCentury = twoDigits(s, from + 2);
        return instant((century | yearOfCentury) < 0 ? -1 : century * 100 + yearOfCentury, twoDigits(s, from + 5),
                twoDigits(s, from + 8), twoDigits(s, from + 11), twoDigits(s, from + 14), twoDigits(s, from + 17),
                length > 20 ? number(s, from + 20, length - 21) : 0, Math.max(length - 21, 0));
    }

    /** The instant of these fields (each -1 if it was not all digits), or null for the JDK to decide. */
    private static Instant instant(int year, int month, int day, int hour, int minute, int second, int fraction, int fractionDigits) {
        if ((year | month | day | hour | minute | second | fraction) < 0 || hour > 23 || minute > 59 || second > 59) {
            return null; // not digits, or 24:00 / a leap second: the JDK has rules for those
        }
        long epochDay;
        try {
            epochDay = LocalDate.of(year, month, day).toEpochDay();
        } catch (DateTimeException e) {
            return null; // 2026-02-30 and the like: let the JDK say so
        }
        int nanos = fractionDigits == 0 ? 0 : fraction * POWERS_OF_TEN[9 - fractionDigits];
        return Instant.ofEpochSecond(epochDay * 86_400 + hour * 3_600L + minute * 60L + second, nanos);
    }

    /** The value of {@code count} ASCII digits at {@code from}, or -1 if one is not a digit. */
    private static int number(String s, int from, int count) {
        int value = 0;
        for (int i = from; i < from + count; i++) {
            int digit = s.charAt(i) - '0';
            if (digit < 0 || digit > 9) {
                return -1;
            }
            value = value * 10 + digit;
        }
        return value;
    }

    /** {@link #number} for the two-digit fields, without a loop: they are six of the seven numbers. */
    private static int twoDigits(byte[] s, int at) {
        int tens = s[at] - '0';
        int ones = s[at + 1] - '0';
        return tens < 0 || tens > 9 || ones < 0 || ones > 9 ? -1 : tens * 10 + ones;
    }

    private static int number(byte[] s, int from, int count) {
        int value = 0;
        for (int i = from; i < from + count; i++) {
            int digit = s[i] - '0';
            if (digit < 0 || digit > 9) {
                return -1;
            }
            value = value * 10 + digit;
        }
        return value;
    }

    private static int digits(byte[] out, int at, int value, int width) {
        for (int i = at + width - 1; i >= at; i--) {
            out[i] = (byte) ('0' + value % 10);
            value /= 10;
        }
        return at + width;
    }
}

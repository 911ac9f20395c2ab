package io.datastreamscaling.bench.contender;

/**
 * How a contender run at a producer {@code linger.ms} other than the bench's default is named: its
 * name ends in " linger N". Made by the run, read by the report (which pairs it with the reference of
 * the same linger and judges it against that linger), so the form lives here once.
 */
public final class LingerNames {
    private static final String LINGER = " linger ";

    private LingerNames() {
    }

    /** " linger N", or "" at {@code defaultLingerMs}. */
    public static String suffix(int lingerMs, int defaultLingerMs) {
        return lingerMs == defaultLingerMs ? "" : LINGER + lingerMs;
    }

    /** " linger N" where a contender's name ends so, else "". */
    public static String suffixOf(String contender) {
        int at = contender.lastIndexOf(LINGER);
        return at < 0 ? "" : contender.substring(at);
    }

    /** The {@code linger.ms} a contender's name states, else {@code defaultLingerMs}. */
    public static int lingerMs(String contender, int defaultLingerMs) {
        String suffix = suffixOf(contender);
        return suffix.isEmpty() ? defaultLingerMs : Integer.parseInt(suffix.substring(LINGER.length()));
    }
}

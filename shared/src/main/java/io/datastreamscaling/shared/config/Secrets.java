package io.datastreamscaling.shared.config;

import java.util.Locale;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Keeps secrets out of logs: which configuration names hold secrets ({@link #isSecret}), and the
 * secrets hidden inside otherwise harmless values ({@link #maskInText}): the password of a
 * {@code user:password@host} URL and {@code password=…} style parameters, as in
 * {@code jdbc:postgresql://db/orders?user=app&password=…}. Every place that logs a value a user
 * configured, or an error message that may quote one (a JDBC driver's message quotes its URL),
 * passes it through here.
 */
public final class Secrets {
    public static final String MASK = "******";

    // userinfo of a URL: scheme://user:password@host. The password ends at the last '@' before the
    // host, so a password that itself holds '@' or ':' is masked whole.
    private static final Pattern URL_USERINFO = Pattern.compile("(?<scheme>[A-Za-z][A-Za-z0-9+.\\-]*://)(?<user>[^:/?#@\\s]*):(?<password>[^/?#\\s]*)@");
    // key=value parameters whose key names a secret: URL query (?password=…&), JDBC properties
    // (;password=…), JAAS options (password="…"). The value ends at a separator or whitespace.
    private static final Pattern SECRET_PARAMETER = Pattern.compile(
            "(?<key>(?i)[A-Za-z0-9_.\\-]*(?:password|passwd|pwd|secret|token|apikey|api_key|credentials)[A-Za-z0-9_.\\-]*)"
                    + "(?<eq>\\s*=\\s*)(?<value>\"[^\"]*\"|'[^']*'|[^&;,\\s\"']*)");

    private Secrets() {
    }

    public static boolean isSecret(String name) {
        String n = name.toLowerCase(Locale.ROOT).replace('_', '.');
        if (n.endsWith(".required")) {
            return false; // a switch (PRODUCER_API_TOKEN_REQUIRED), not the secret it asks for
        }
        return n.contains("password") || n.contains("secret") || n.contains("sasl.jaas.config")
                || n.contains("token") || n.endsWith(".key") || n.contains("credentials")
                || n.contains("private.key");
    }

    /** What may be logged of the setting {@code name}: {@link #MASK} for a secret, else the value with any embedded secret masked. */
    public static String loggable(String name, String value) {
        return isSecret(name) ? MASK : maskInText(value);
    }

    /**
     * {@code text} with every embedded secret replaced by {@link #MASK}: the password of a URL's
     * user info, and the value of every {@code password=}, {@code secret=}, {@code token=}… parameter.
     * For configuration values and for error messages that may quote them; null stays null.
     */
    public static String maskInText(String text) {
        if (text == null || text.isEmpty()) {
            return text;
        }
        String masked = replaceAll(URL_USERINFO.matcher(text), m -> m.group("scheme") + m.group("user") + ":" + MASK + "@");
        return replaceAll(SECRET_PARAMETER.matcher(masked), m -> m.group("key") + m.group("eq") + MASK);
    }

    private static String replaceAll(Matcher matcher, Function<Matcher, String> replacement) {
        StringBuilder out = new StringBuilder();
        while (matcher.find()) {
            matcher.appendReplacement(out, Matcher.quoteReplacement(replacement.apply(matcher)));
        }
        matcher.appendTail(out);
        return out.toString();
    }
}

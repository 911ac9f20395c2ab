package io.datastreamscaling.local.platform;

import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Just enough PromQL reading to list the metric names and label values an expression uses: label
 * matchers, ranges and grouping clauses are cut out, then every identifier that is not a function
 * call or a keyword is a metric name. Validity of the PromQL itself is checked by promtool and by
 * the live Prometheus test.
 */
final class PromQl {
    private static final Pattern STRINGS = Pattern.compile("\"(\\\\.|[^\"\\\\])*\"|'(\\\\.|[^'\\\\])*'");
    private static final Pattern MATCHERS = Pattern.compile("\\{[^}]*}");
    private static final Pattern RANGES = Pattern.compile("\\[[^]]*]");
    private static final Pattern GROUPING = Pattern.compile("\\b(by|without|on|ignoring|group_left|group_right)\\s*\\([^)]*\\)");
    private static final Pattern IDENTIFIER = Pattern.compile("(?<![\\w.$])[a-zA-Z_:][a-zA-Z0-9_:]*");
    private static final Set<String> KEYWORDS = Set.of("and", "or", "unless", "bool", "offset", "by", "without", "on",
            "ignoring", "group_left", "group_right", "inf", "nan", "Inf", "NaN");

    private PromQl() {
    }

    static Set<String> metricNames(String expr) {
        String rest = GROUPING.matcher(RANGES.matcher(MATCHERS.matcher(STRINGS.matcher(expr).replaceAll("\"\""))
                .replaceAll("")).replaceAll("")).replaceAll("");
        Set<String> names = new TreeSet<>();
        Matcher m = IDENTIFIER.matcher(rest);
        while (m.find()) {
            String after = rest.substring(m.end()).stripLeading();
            if (!after.startsWith("(") && !KEYWORDS.contains(m.group())) {
                names.add(m.group());
            }
        }
        return names;
    }

    /** The values an expression matches {@code label} against with {@code =} (e.g. every {@code topic="…"}). */
    static Set<String> labelValues(String expr, String label) {
        Set<String> values = new TreeSet<>();
        Matcher m = Pattern.compile("\\b" + Pattern.quote(label) + "\\s*=\\s*\"([^\"]*)\"").matcher(expr);
        while (m.find()) {
            values.add(m.group(1));
        }
        return values;
    }
}

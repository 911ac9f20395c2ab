package io.datastreamscaling.streams.query;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.HashMap;
import java.util.Map;

/**
 * The {@code from=&to=} of a query: windows starting in {@code [from, to]}, by default the last hour.
 * Bad input throws {@link IllegalArgumentException} with the message for the 400 answer.
 */
record TimeRange(Instant from, Instant to) {
    static final Duration DEFAULT_RANGE = Duration.ofHours(1);

    static TimeRange parse(Map<String, String> query, Clock clock) {
        Instant to = instant(query, "to", clock.instant());
        Instant from = instant(query, "from", to.minus(DEFAULT_RANGE));
        if (from.isAfter(to)) {
            throw new IllegalArgumentException("from (" + from + ") is after to (" + to + ")");
        }
        return new TimeRange(from, to);
    }

    boolean contains(Instant start) {
        return !start.isBefore(from) && !start.isAfter(to);
    }

    /** As query parameters, for forwarding the same range to another instance. */
    String asQuery() {
        return "from=" + from + "&to=" + to;
    }

    /** The decoded parameters of a raw query string; a name without {@code =} maps to "". */
    static Map<String, String> queryParameters(String rawQuery) {
        Map<String, String> parameters = new HashMap<>();
        if (rawQuery == null) {
            return parameters;
        }
        for (String pair : rawQuery.split("&")) {
            int eq = pair.indexOf('=');
            String name = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
            String value = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
            parameters.put(name, value);
        }
        return parameters;
    }

    private static Instant instant(Map<String, String> query, String name, Instant defaultValue) {
        String text = query.get(name);
        if (text == null || text.isEmpty()) {
            return defaultValue;
        }
        try {
            return Instant.parse(text);
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException(name + " is not an ISO-8601 instant (e.g. 2024-05-01T12:00:00Z): " + text);
        }
    }
}

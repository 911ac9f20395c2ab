package io.datastreamscaling.streams.query;

import java.net.URI;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.HashMap;
import java.util.Map;

/**
 * A parsed {@code GET /revenue/{userId}?from=&to=}: windows starting in {@code [from, to]}, by
 * default the last hour. Bad input throws {@link IllegalArgumentException} with the message for the
 * 400 answer.
 */
record RevenueRequest(String userId, Instant from, Instant to) {
    static final String PATH = "/revenue";
    static final Duration DEFAULT_RANGE = Duration.ofHours(1);
    private static final int MAX_USER_ID_LENGTH = 128;

    static RevenueRequest parse(URI uri, Clock clock) {
        String rawPath = uri.getRawPath();
        String rawUserId = rawPath.length() > PATH.length() + 1 ? rawPath.substring(PATH.length() + 1) : "";
        String userId = URLDecoder.decode(rawUserId, StandardCharsets.UTF_8);
        if (userId.isBlank() || rawUserId.contains("/")) {
            throw new IllegalArgumentException("expected /revenue/{userId}");
        }
        if (userId.length() > MAX_USER_ID_LENGTH) {
            throw new IllegalArgumentException("userId is longer than " + MAX_USER_ID_LENGTH + " characters");
        }
        Map<String, String> query = queryParameters(uri.getRawQuery());
        Instant to = instant(query, "to", clock.instant());
        Instant from = instant(query, "from", to.minus(DEFAULT_RANGE));
        if (from.isAfter(to)) {
            throw new IllegalArgumentException("from (" + from + ") is after to (" + to + ")");
        }
        return new RevenueRequest(userId, from, to);
    }

    /** The same request as a path and query, for forwarding it to the instance that owns the user. */
    String pathAndQuery() {
        return PATH + "/" + URLEncoder.encode(userId, StandardCharsets.UTF_8).replace("+", "%20")
                + "?from=" + from + "&to=" + to;
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

    private static Map<String, String> queryParameters(String rawQuery) {
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
}

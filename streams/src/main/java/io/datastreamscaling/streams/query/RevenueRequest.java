package io.datastreamscaling.streams.query;

import java.net.URI;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;

/**
 * A parsed {@code GET /revenue/{userId}?from=&to=}: the user's windows starting in the range. Bad
 * input throws {@link IllegalArgumentException} with the message for the 400 answer.
 */
record RevenueRequest(String userId, TimeRange range) {
    static final String PATH = "/revenue";
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
        return new RevenueRequest(userId, TimeRange.parse(TimeRange.queryParameters(uri.getRawQuery()), clock));
    }

    /** The same request as a path and query, for forwarding it to the instance that owns the user. */
    String pathAndQuery() {
        return PATH + "/" + URLEncoder.encode(userId, StandardCharsets.UTF_8).replace("+", "%20") + "?" + range.asQuery();
    }
}

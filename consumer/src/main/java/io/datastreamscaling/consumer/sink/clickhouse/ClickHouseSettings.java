package io.datastreamscaling.consumer.sink.clickhouse;

import io.datastreamscaling.shared.config.Env;
import io.datastreamscaling.shared.config.InvalidSettingException;
import java.net.URI;
import java.time.Duration;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Where the ClickHouse sink writes, read once at start. {@code CLICKHOUSE_PASSWORD_FILE} may name a
 * file holding the password (a Kubernetes or Compose secret); the password is never logged.
 *
 * @param url        the HTTP interface, e.g. {@code http://localhost:8123} (no path, no credentials)
 * @param database   created if missing; holds the {@code orders} table and its views
 * @param maxRows    at most this many rows in one INSERT (one block)
 * @param maxBytes   at most this many bytes of TabSeparated in one INSERT
 * @param timeout    connect and request timeout of every HTTP call
 */
public record ClickHouseSettings(URI url, String database, String user, Optional<String> password,
                                 int maxRows, int maxBytes, Duration timeout) {
    public static final String CLICKHOUSE_URL = "CLICKHOUSE_URL";
    public static final String CLICKHOUSE_DATABASE = "CLICKHOUSE_DATABASE";
    public static final String CLICKHOUSE_USER = "CLICKHOUSE_USER";
    public static final String CLICKHOUSE_PASSWORD = "CLICKHOUSE_PASSWORD";
    public static final String CLICKHOUSE_BATCH_MAX_ROWS = "CLICKHOUSE_BATCH_MAX_ROWS";
    public static final String CLICKHOUSE_BATCH_MAX_BYTES = "CLICKHOUSE_BATCH_MAX_BYTES";
    public static final String CLICKHOUSE_TIMEOUT_MS = "CLICKHOUSE_TIMEOUT_MS";

    public static final String DEFAULT_URL = "http://localhost:8123";
    public static final String DEFAULT_DATABASE = "orders_analytics";
    /** A password as user information ({@code //user:secret@host}): never repeated in a message. */
    private static final Pattern USER_INFO = Pattern.compile("//[^/@?#]*@");
    private static final Pattern IDENTIFIER = Pattern.compile("[A-Za-z_][A-Za-z0-9_]{0,62}");

    public static ClickHouseSettings from(Env env) {
        String raw = env.string(CLICKHOUSE_URL, DEFAULT_URL);
        URI url;
        try {
            url = URI.create(raw);
        } catch (IllegalArgumentException e) {
            throw new InvalidSettingException(CLICKHOUSE_URL, "is not a URL: " + shown(raw));
        }
        String scheme = url.getScheme() == null ? "" : url.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https") || url.getHost() == null) {
            throw new InvalidSettingException(CLICKHOUSE_URL, "must be http://host:port or https://host:port, was " + shown(raw));
        }
        if (url.getUserInfo() != null) {
            // A password in the URL would end up in logs: it goes in CLICKHOUSE_PASSWORD(_FILE).
            throw new InvalidSettingException(CLICKHOUSE_URL, "must not carry credentials; use "
                    + CLICKHOUSE_USER + " and " + CLICKHOUSE_PASSWORD);
        }
        if (url.getRawPath() != null && !url.getRawPath().isEmpty() && !url.getRawPath().equals("/") || url.getRawQuery() != null) {
            throw new InvalidSettingException(CLICKHOUSE_URL, "must have no path or query (the sink adds them), was " + shown(raw));
        }
        String database = env.string(CLICKHOUSE_DATABASE, DEFAULT_DATABASE);
        if (!IDENTIFIER.matcher(database).matches()) {
            // Interpolated into DDL and queries: only a plain identifier is safe there.
            throw new InvalidSettingException(CLICKHOUSE_DATABASE, "must be letters, digits and _ (not starting with a digit), was " + database);
        }
        return new ClickHouseSettings(
                URI.create(scheme + "://" + url.getRawAuthority()),
                database,
                env.string(CLICKHOUSE_USER, "default"),
                env.secret(CLICKHOUSE_PASSWORD),
                env.integer(CLICKHOUSE_BATCH_MAX_ROWS, 50_000, 1, 10_000_000),
                env.integer(CLICKHOUSE_BATCH_MAX_BYTES, 16 * 1024 * 1024, 1024, 1024 * 1024 * 1024),
                env.millis(CLICKHOUSE_TIMEOUT_MS, Duration.ofSeconds(10), Duration.ofMillis(100), Duration.ofMinutes(5)));
    }

    private static String shown(String url) {
        return USER_INFO.matcher(url).replaceAll("//******@");
    }
}

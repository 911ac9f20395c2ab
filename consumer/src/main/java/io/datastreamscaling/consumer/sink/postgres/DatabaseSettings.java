package io.datastreamscaling.consumer.sink.postgres;

import io.datastreamscaling.shared.config.Env;
import io.datastreamscaling.shared.config.InvalidSettingException;

/**
 * Where the Postgres sink writes. The password may come from {@code DB_PASSWORD_FILE} (a mounted
 * Kubernetes or Compose secret) instead of {@code DB_PASSWORD}; it is never logged.
 */
public record DatabaseSettings(String url, String user, String password) {
    public static final String DB_URL = "DB_URL";
    public static final String DB_USER = "DB_USER";
    public static final String DB_PASSWORD = "DB_PASSWORD";

    public static final String DEFAULT_URL = "jdbc:postgresql://localhost:5432/postgres";

    public static DatabaseSettings from(Env env) {
        String url = env.string(DB_URL, DEFAULT_URL);
        if (!url.startsWith("jdbc:postgresql:")) {
            throw new InvalidSettingException(DB_URL, "'" + url + "' is not a jdbc:postgresql: URL");
        }
        return new DatabaseSettings(url, env.string(DB_USER, "postgres"), env.secret(DB_PASSWORD).orElse(""));
    }

    @Override
    public String toString() {
        return "DatabaseSettings[url=" + url + ", user=" + user + ", password=******]";
    }
}

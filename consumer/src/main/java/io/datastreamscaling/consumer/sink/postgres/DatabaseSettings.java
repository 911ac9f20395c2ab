package io.datastreamscaling.consumer.sink.postgres;

import io.datastreamscaling.shared.config.Env;
import io.datastreamscaling.shared.config.InvalidSettingException;
import io.datastreamscaling.shared.config.Secrets;

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
            throw new InvalidSettingException(DB_URL, "'" + mask(url) + "' is not a jdbc:postgresql: URL");
        }
        return new DatabaseSettings(url, env.string(DB_USER, "postgres"), env.secret(DB_PASSWORD).orElse(""));
    }

    /** The URL as logs and error messages may show it: any password in it masked. */
    public String maskedUrl() {
        return mask(url);
    }

    /** {@code url} (or a message quoting it) with the passwords it may carry masked: the shared rule, {@link Secrets#maskInText}. */
    public static String mask(String url) {
        return Secrets.maskInText(url);
    }

    @Override
    public String toString() {
        return "DatabaseSettings[url=" + maskedUrl() + ", user=" + user + ", password=" + Secrets.MASK + "]";
    }
}

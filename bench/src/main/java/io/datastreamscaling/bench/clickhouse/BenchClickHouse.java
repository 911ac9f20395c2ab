package io.datastreamscaling.bench.clickhouse;

import io.datastreamscaling.consumer.sink.clickhouse.ClickHouseSettings;
import io.datastreamscaling.shared.config.Env;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;

/**
 * The ClickHouse server of the bench, over its HTTP interface: the consumer's own variables
 * ({@code CLICKHOUSE_URL}, {@code CLICKHOUSE_USER}, {@code CLICKHOUSE_PASSWORD}), default
 * {@code http://127.0.0.1:8123}, user {@code default} without a password. Statements for the
 * harness (create, count, drop) and the raw insert of the reference.
 */
public final class BenchClickHouse {
    static final String DEFAULT_URL = "http://127.0.0.1:8123";

    private final URI url;
    private final String user;
    private final Optional<String> password;
    private final HttpClient client = HttpClient.newBuilder()
            // ClickHouse speaks HTTP/1.1 only, as the sink's client is told too: same connections on both sides.
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5))
            .build();

    private BenchClickHouse(URI url, String user, Optional<String> password) {
        this.url = url;
        this.user = user;
        this.password = password;
    }

    public static BenchClickHouse fromEnvironment(Map<String, String> env) {
        // The consumer's own parsing: the same variables mean the same server for the sink and the reference.
        ClickHouseSettings settings = ClickHouseSettings.from(Env.of(env).with(ClickHouseSettings.CLICKHOUSE_URL,
                env.getOrDefault(ClickHouseSettings.CLICKHOUSE_URL, DEFAULT_URL)));
        return new BenchClickHouse(settings.url(), settings.user(), settings.password());
    }

    /** The sink's settings for {@code database} on this server, its batch limits and timeout at the consumer's defaults. */
    public ClickHouseSettings sinkSettings(String database) {
        Env env = Env.of(Map.of(ClickHouseSettings.CLICKHOUSE_URL, url.toString(), ClickHouseSettings.CLICKHOUSE_DATABASE, database,
                ClickHouseSettings.CLICKHOUSE_USER, user));
        if (password.isPresent()) {
            env = env.with(ClickHouseSettings.CLICKHOUSE_PASSWORD, password.get());
        }
        return ClickHouseSettings.from(env);
    }

    public URI url() {
        return url;
    }

    /** Why the server cannot be used, or empty when it answers a query. */
    public Optional<String> unreachable() {
        try {
            execute("SELECT 1");
            return Optional.empty();
        } catch (IOException | IllegalStateException e) {
            return Optional.of("no ClickHouse answers at " + url + " (" + e.getMessage() + ")");
        }
    }

    /** Runs a statement and returns the answer's body. */
    public String execute(String sql) throws IOException {
        return send(url.resolve("/"), HttpRequest.BodyPublishers.ofString(sql, StandardCharsets.UTF_8));
    }

    /** {@code insert} (an {@code INSERT ... FORMAT TabSeparated}) with {@code rows} as its data: one block. */
    public void insert(String insert, byte[] rows) throws IOException {
        send(url.resolve("/?query=" + URLEncoder.encode(insert, StandardCharsets.UTF_8)), HttpRequest.BodyPublishers.ofByteArray(rows));
    }

    private String send(URI uri, HttpRequest.BodyPublisher body) throws IOException {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(30)).POST(body);
        String credentials = user + ":" + password.orElse("");
        request.header("Authorization", "Basic " + Base64.getEncoder().encodeToString(credentials.getBytes(StandardCharsets.UTF_8)));
        HttpResponse<String> response;
        try {
            response = client.send(request.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
        if (response.statusCode() != 200) {
            throw new IllegalStateException("ClickHouse answered HTTP " + response.statusCode() + ": "
                    + response.body().strip().lines().findFirst().orElse(""));
        }
        return response.body();
    }
}

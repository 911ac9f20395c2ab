package io.datastreamscaling.consumer.testing;

import io.datastreamscaling.consumer.ConsumerSettings;
import io.datastreamscaling.consumer.sink.clickhouse.ClickHouseSettings;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Assumptions;

/**
 * A ClickHouse database of its own for one test: created on a real server, dropped afterwards.
 *
 * <p>The server is {@code TEST_CLICKHOUSE_URL} (default {@code http://127.0.0.1:8123}, user
 * {@code default} without a password: Debian's {@code clickhouse-server} package as installed). When
 * it cannot be reached the tests are skipped with a message saying so, except in CI
 * ({@code CI=true}), where they fail: a CI run that silently skipped them would prove nothing.
 */
public final class TestClickHouse implements AutoCloseable {
    private static final String DEFAULT_URL = "http://127.0.0.1:8123";

    private final String url;
    private final String database;

    private TestClickHouse(String url, String database) {
        this.url = url;
        this.database = database;
    }

    public static TestClickHouse create(String prefix) {
        String url = System.getenv().getOrDefault("TEST_CLICKHOUSE_URL", DEFAULT_URL);
        String database = (prefix + "_" + UUID.randomUUID().toString().substring(0, 8)).toLowerCase(Locale.ROOT).replace('-', '_');
        TestClickHouse clickHouse = new TestClickHouse(url, database);
        try {
            clickHouse.query("CREATE DATABASE " + database);
        } catch (IllegalStateException e) {
            String message = "ClickHouse is not reachable at " + url + " (" + e.getMessage() + "). Start one (.ci/run's"
                    + " ensure_clickhouse installs Debian's clickhouse-server), or point the tests at one with TEST_CLICKHOUSE_URL";
            if ("true".equalsIgnoreCase(System.getenv("CI"))) {
                throw new AssertionError(message, e);
            }
            Assumptions.abort(message);
        }
        return clickHouse;
    }

    /** The variables that point a consumer at this database with the ClickHouse sink. */
    public Map<String, String> env() {
        return envVia(URI.create(url).getAuthority());
    }

    /** As {@link #env()}, reaching the server at another {@code host:port} (a proxy). */
    public Map<String, String> envVia(String hostAndPort) {
        Map<String, String> env = new HashMap<>();
        env.put(ConsumerSettings.SINK, ConsumerSettings.SINK_CLICKHOUSE);
        env.put(ClickHouseSettings.CLICKHOUSE_URL, "http://" + hostAndPort);
        env.put(ClickHouseSettings.CLICKHOUSE_DATABASE, database);
        return env;
    }

    public String host() {
        return URI.create(url).getHost();
    }

    public int port() {
        return URI.create(url).getPort();
    }

    public String database() {
        return database;
    }

    /** Runs a statement; returns the answer (TabSeparated unless the statement says otherwise). */
    public String query(String sql) {
        // A client, and so a connection, per statement: ClickHouse closes a keep-alive connection idle for
        // keep_alive_timeout (3 s), and a pooled one it closed just as the next statement went out answered
        // nothing ("header parser received no bytes", seen on a loaded machine between two statements).
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        try {
            HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(url + "/")).timeout(Duration.ofSeconds(30))
                    .POST(HttpRequest.BodyPublishers.ofString(sql, StandardCharsets.UTF_8)).build(),
                    HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
            if (response.statusCode() != 200) {
                throw new IllegalStateException("HTTP " + response.statusCode() + " for " + sql + ": " + response.body().strip());
            }
            return response.body();
        } catch (IOException e) {
            throw new IllegalStateException(e.toString(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    public long queryLong(String sql) {
        return Long.parseLong(query(sql).strip());
    }

    /** Rows of the topic in {@code orders} as stored, duplicates included (before merges remove them). */
    public long rawRows(String topic) {
        return queryLong("SELECT count() FROM " + database + ".orders WHERE source_topic = '" + topic + "'");
    }

    /** Rows of the topic as queries see them with {@code FINAL}: one per order id. */
    public long finalRows(String topic) {
        return queryLong("SELECT count() FROM " + database + ".orders FINAL WHERE source_topic = '" + topic + "'");
    }

    /** Distinct order ids of the topic. */
    public long distinctOrders(String topic) {
        return queryLong("SELECT uniqExact(order_id) FROM " + database + ".orders WHERE source_topic = '" + topic + "'");
    }

    /** Where the table says each partition continues: one past its highest stored offset. */
    public Map<Integer, Long> storedOffsets(String topic) {
        Map<Integer, Long> offsets = new HashMap<>();
        query("SELECT source_partition, max(source_offset) + 1 FROM " + database + ".orders WHERE source_topic = '" + topic
                + "' GROUP BY source_partition FORMAT TabSeparated").lines().forEach(line -> {
                    String[] fields = line.split("\t");
                    offsets.put(Integer.parseInt(fields[0]), Long.parseLong(fields[1]));
                });
        return offsets;
    }

    /** Merges would remove duplicates in the background: stopped, raw counts show every stored row. */
    public void stopMerges() {
        query("SYSTEM STOP MERGES " + database + ".orders");
    }

    @Override
    public void close() {
        try {
            query("DROP DATABASE IF EXISTS " + database);
        } catch (IllegalStateException e) {
            // the server went away; the database is left behind with a unique name
        }
    }
}

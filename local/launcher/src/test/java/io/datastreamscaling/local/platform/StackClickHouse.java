package io.datastreamscaling.local.platform;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.stream.Collectors;

/**
 * The Compose stack's ClickHouse, seen from the host through its published HTTP port with the
 * analytics user of {@code docker/compose.yaml}: what the orders-analytics consumer stored. Counts
 * are taken after {@code FINAL}, the way the table is read when it must be exact (a re-delivered
 * order is a second row until the ReplacingMergeTree merges it away).
 */
final class StackClickHouse implements StackOrders.AnalyticsStore {
    static final String DATABASE = "orders_analytics";
    static final String USER = "analytics";

    private final URI url;
    private final String authorization;

    StackClickHouse(String hostPort) {
        this.url = URI.create("http://127.0.0.1:" + hostPort + "/");
        try {
            String password = Files.readString(StackFiles.ROOT.resolve("docker/secrets/clickhouse_password"), StandardCharsets.UTF_8).strip();
            this.authorization = "Basic " + Base64.getEncoder().encodeToString((USER + ":" + password).getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public String name() {
        return "ClickHouse";
    }

    @Override
    public Map<Integer, Long> storedOffsets(String topic) {
        Map<Integer, Long> stored = new TreeMap<>();
        String answer;
        try {
            answer = query("SELECT source_partition, max(source_offset) + 1 FROM " + DATABASE + ".orders"
                    + " WHERE source_topic = '" + topic + "' GROUP BY source_partition FORMAT TabSeparated");
        } catch (AssertionError notYet) {
            return stored; // the table is created when the consumer first reaches the server
        }
        answer.lines().filter(l -> !l.isBlank()).forEach(line -> {
            String[] columns = line.split("\t");
            stored.put(Integer.parseInt(columns[0]), Long.parseLong(columns[1]));
        });
        return stored;
    }

    @Override
    public StackOrders.Counts counts(Set<UUID> ids) {
        long rows = number("SELECT count() FROM " + DATABASE + ".orders FINAL");
        long positions = number("SELECT uniqExact(source_partition, source_offset) FROM " + DATABASE + ".orders FINAL"
                + " WHERE source_topic = 'orders'");
        long found = ids.isEmpty() ? 0 : number("SELECT count() FROM " + DATABASE + ".orders FINAL WHERE toString(order_id) IN ("
                + ids.stream().map(id -> "'" + id + "'").collect(Collectors.joining(",")) + ")");
        return new StackOrders.Counts(rows, positions, found);
    }

    private long number(String sql) {
        return Long.parseLong(query(sql + " FORMAT TabSeparated").strip());
    }

    private String query(String sql) {
        HttpResponse<String> response = StackOrders.send(HttpRequest.newBuilder(url).timeout(Duration.ofSeconds(30))
                .header("Authorization", authorization).POST(HttpRequest.BodyPublishers.ofString(sql)).build());
        if (response.statusCode() != 200) {
            throw new AssertionError("ClickHouse answered " + response.statusCode() + " to " + sql.substring(0, Math.min(sql.length(), 200))
                    + ": " + response.body());
        }
        return response.body();
    }
}

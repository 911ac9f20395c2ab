package io.datastreamscaling.local.platform;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.sql.Array;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Semaphore;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.common.TopicPartition;

/**
 * The orders of a running Compose stack, seen from the host through its published ports as a user
 * sees them: {@code POST /orders} on the producer, the topic's log end through the brokers'
 * external listeners (plain or SASL_SSL, by the client settings given), the rows in PostgreSQL, and
 * the exactly-once check that compares the three. One instance per stack run: it remembers every
 * order the producer acknowledged, and one line of figures per check.
 */
final class StackOrders {
    static final String TOPIC = "orders";
    static final String POSTGRES_GROUP = "orders-consumer";
    static final Duration DRAIN_TIMEOUT = Duration.ofMinutes(2);
    static final int POSTS_IN_FLIGHT = 8;
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private final ComposeStack stack;
    private final Properties kafkaSecurity;
    private final Optional<String> bearerToken;
    private final Set<UUID> acknowledged = new TreeSet<>();
    private final List<String> figures = new ArrayList<>();
    private final List<AnalyticsStore> analytics = new ArrayList<>();

    /**
     * @param kafkaSecurity client settings beyond the bootstrap servers (empty for the plain stack)
     * @param bearerToken   what {@code POST /orders} needs in its Authorization header, if anything
     */
    StackOrders(ComposeStack stack, Properties kafkaSecurity, Optional<String> bearerToken) {
        this.stack = stack;
        this.kafkaSecurity = kafkaSecurity;
        this.bearerToken = bearerToken;
    }

    /** A second store fed from the same topic by its own consumer group, checked with PostgreSQL. */
    interface AnalyticsStore {
        /** The next offset per partition of {@code topic} the store holds, or an empty map while it cannot answer. */
        Map<Integer, Long> storedOffsets(String topic);

        /** Rows, distinct source positions and how many of {@code ids} it holds, each counted once however merged. */
        Counts counts(Set<UUID> ids);

        String name();
    }

    record Counts(long rows, long positions, long acknowledgedFound) {
    }

    void alsoCheck(AnalyticsStore store) {
        analytics.add(store);
    }

    List<String> figures() {
        return figures;
    }

    int acknowledged() {
        return acknowledged.size();
    }

    /**
     * {@code count} orders POSTed, each one acknowledged (202) or the test fails. A few at a time, as
     * concurrent clients would: one after the other, each waits a whole acks=all round trip.
     */
    void post(int count) {
        long started = System.nanoTime();
        Map<UUID, CompletableFuture<HttpResponse<String>>> sent = new LinkedHashMap<>();
        Semaphore inFlight = new Semaphore(POSTS_IN_FLIGHT);
        for (int i = 0; i < count; i++) {
            UUID id = UUID.randomUUID();
            String body = "{\"orderId\":\"" + id + "\",\"userId\":\"stack-" + (i % 17) + "\",\"amount\":12.50,\"currency\":\"EUR\"}";
            HttpRequest.Builder request = HttpRequest.newBuilder(ordersUri())
                    .timeout(Duration.ofSeconds(30)).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(body));
            bearerToken.ifPresent(token -> request.header("Authorization", "Bearer " + token));
            inFlight.acquireUninterruptibly();
            sent.put(id, HTTP.sendAsync(request.build(), HttpResponse.BodyHandlers.ofString()).whenComplete((r, e) -> inFlight.release()));
        }
        int i = 0;
        for (Map.Entry<UUID, CompletableFuture<HttpResponse<String>>> post : sent.entrySet()) {
            HttpResponse<String> response;
            try {
                response = post.getValue().join();
            } catch (CompletionException e) {
                throw new AssertionError("POST /orders #" + i + ": " + e.getCause(), e.getCause());
            }
            assertEquals(202, response.statusCode(), "POST /orders #" + i + " acknowledged: " + response.body());
            acknowledged.add(post.getKey());
            i++;
        }
        ComposeStack.log("POST /orders x " + count + ", each acknowledged", started);
    }

    /** {@code POST /orders} on the producer's published port. */
    private URI ordersUri() {
        return URI.create("http://127.0.0.1:" + stack.hostPort("PRODUCER_PORT", 8081) + "/orders");
    }

    /** The status of one order POSTed with the given Authorization header (or none). */
    int postStatus(Optional<String> authorization) {
        String body = "{\"orderId\":\"" + UUID.randomUUID() + "\",\"userId\":\"stack-refused\",\"amount\":1.00,\"currency\":\"EUR\"}";
        HttpRequest.Builder request = HttpRequest.newBuilder(ordersUri())
                .timeout(Duration.ofSeconds(30)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body));
        authorization.ifPresent(a -> request.header("Authorization", a));
        return send(request.build()).statusCode();
    }

    /**
     * How a stack test class ends, even when its start failed half-way ({@code orders} or {@code stack}
     * still null): the figures its checks recorded, then the stack removed with its volumes.
     */
    static void printFiguresThenClose(String title, StackOrders orders, ComposeStack stack) {
        if (orders != null) {
            System.out.println("[stack] " + title + ":\n" + String.join("\n", orders.figures()));
        }
        if (stack != null) {
            stack.close();
        }
    }

    /** {@link #drainAndAssertExactlyOnceLeavingGeneratorStopped}, then the generator started again. */
    void drainAndAssertExactlyOnce(String after) {
        drainAndAssertExactlyOnceLeavingGeneratorStopped(after);
        stack.compose("start", "producer");
        stack.awaitHealthy(List.of("producer"));
    }

    /**
     * Stops the generator, waits until the consumer's offsets in PostgreSQL (and those of every
     * analytics store) reach the log end, then: one row per record of the topic (none missing, none
     * written twice) and every order the producer acknowledged to a POST once, in each store.
     */
    void drainAndAssertExactlyOnceLeavingGeneratorStopped(String after) {
        stack.compose("stop", "producer");
        // The log end is read once the generator stopped; a metadata call timing out on a loaded
        // machine is asked again (bounded), not taken for a missing record.
        Map<Integer, Long> logEnd = new TreeMap<>();
        ComposeStack.until(DRAIN_TIMEOUT, () -> {
            logEnd.putAll(logEnd());
            return true;
        }, () -> "after '" + after + "': the end offsets of " + TOPIC);
        ComposeStack.until(DRAIN_TIMEOUT, () -> logEnd.equals(storedOffsets()),
                () -> "after '" + after + "': kafka_offsets " + storedOffsets() + " reaches the log end " + logEnd);
        long records = sum(logEnd);
        Counts postgres = new Counts(rows(),
                query("SELECT count(DISTINCT (source_partition, source_offset)) FROM orders WHERE source_topic = 'orders'"),
                acknowledgedInPostgres());
        record("PostgreSQL", after, records, postgres);
        for (AnalyticsStore store : analytics) {
            ComposeStack.until(DRAIN_TIMEOUT, () -> withoutEmptyPartitions(logEnd).equals(store.storedOffsets(TOPIC)),
                    () -> "after '" + after + "': " + store.name() + " holds the topic up to its log end " + withoutEmptyPartitions(logEnd)
                            + ", holds " + store.storedOffsets(TOPIC));
            record(store.name(), after, records, store.counts(acknowledged));
        }
    }

    private void record(String store, String after, long records, Counts counts) {
        long missing = records - counts.positions() + (acknowledged.size() - counts.acknowledgedFound());
        long duplicated = counts.rows() - counts.positions();
        String line = String.format("after %-36s %-10s records %6d, rows %6d, POSTed and acknowledged %5d (found %5d), missing %d, duplicated %d",
                after + ":", store, records, counts.rows(), acknowledged.size(), counts.acknowledgedFound(), missing, duplicated);
        figures.add(line);
        System.out.println("[stack] " + line);
        assertEquals(records, counts.positions(), "after '" + after + "': every record of the topic has its row in " + store);
        assertEquals(counts.positions(), counts.rows(), "after '" + after + "': no record written twice to " + store);
        assertEquals(acknowledged.size(), counts.acknowledgedFound(), "after '" + after + "': every acknowledged POST once in " + store);
    }

    /** A store that holds positions by its rows knows nothing of a partition no record reached yet. */
    private static Map<Integer, Long> withoutEmptyPartitions(Map<Integer, Long> offsets) {
        Map<Integer, Long> filled = new TreeMap<>(offsets);
        filled.values().removeIf(offset -> offset == 0);
        return filled;
    }

    // --- Kafka ------------------------------------------------------------------------------------

    Map<Integer, Long> logEnd() {
        try (Admin admin = admin()) {
            return endOffsets(admin, TOPIC);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        } catch (ExecutionException e) {
            throw new AssertionError("end offsets of " + TOPIC, e);
        }
    }

    /** The records written to {@code topic} so far, 0 while it does not exist. */
    long records(String topic) {
        try (Admin admin = admin()) {
            return sum(endOffsets(admin, topic));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        } catch (ExecutionException e) {
            return 0; // not created yet
        }
    }

    private static Map<Integer, Long> endOffsets(Admin admin, String topic) throws InterruptedException, ExecutionException {
        int partitions = admin.describeTopics(List.of(topic)).allTopicNames().get().get(topic).partitions().size();
        Map<TopicPartition, OffsetSpec> request = new HashMap<>();
        for (int p = 0; p < partitions; p++) {
            request.put(new TopicPartition(topic, p), OffsetSpec.latest());
        }
        return admin.listOffsets(request).all().get().entrySet().stream()
                .collect(Collectors.toMap(e -> e.getKey().partition(), e -> e.getValue().offset(), (a, b) -> a, TreeMap::new));
    }

    /**
     * A short-lived client per question: one kept across a stopped broker or {@code down} keeps
     * re-bootstrapping, and logs every attempt.
     */
    Admin admin() {
        return admin(kafkaSecurity);
    }

    Admin admin(Properties security) {
        Properties config = new Properties();
        config.putAll(security);
        config.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, stack.bootstrapServers());
        // The request timeout below the API timeout: Kafka refuses default.api.timeout.ms < request.timeout.ms.
        config.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, "10000");
        config.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, "20000");
        return Admin.create(config);
    }

    // --- PostgreSQL -------------------------------------------------------------------------------

    Map<Integer, Long> storedOffsets() {
        Map<Integer, Long> stored = new TreeMap<>();
        try (Connection c = database(); PreparedStatement st = c.prepareStatement(
                "SELECT partition, next_offset FROM kafka_offsets WHERE consumer_group = ? AND topic = ?")) {
            st.setString(1, POSTGRES_GROUP);
            st.setString(2, TOPIC);
            try (ResultSet rs = st.executeQuery()) {
                while (rs.next()) {
                    stored.put(rs.getInt(1), rs.getLong(2));
                }
            }
        } catch (SQLException e) {
            return Map.of(-1, -1L); // PostgreSQL restarting: not there yet
        }
        return stored;
    }

    long rows() {
        return query("SELECT count(*) FROM orders");
    }

    private long acknowledgedInPostgres() {
        try (Connection c = database(); PreparedStatement st = c.prepareStatement("SELECT count(*) FROM orders WHERE order_id = ANY (?)")) {
            Array ids = c.createArrayOf("uuid", acknowledged.toArray());
            st.setArray(1, ids);
            try (ResultSet rs = st.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        } catch (SQLException e) {
            throw new AssertionError("acknowledged orders in PostgreSQL", e);
        }
    }

    private long query(String sql) {
        try (Connection c = database(); PreparedStatement st = c.prepareStatement(sql); ResultSet rs = st.executeQuery()) {
            rs.next();
            return rs.getLong(1);
        } catch (SQLException e) {
            throw new AssertionError(sql, e);
        }
    }

    private Connection database() throws SQLException {
        try {
            String password = Files.readString(StackFiles.ROOT.resolve("docker/secrets/db_password"), StandardCharsets.UTF_8).strip();
            return DriverManager.getConnection("jdbc:postgresql://127.0.0.1:" + stack.hostPort("POSTGRES_PORT", 5432) + "/orders", "orders", password);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static HttpResponse<String> send(HttpRequest request) {
        try {
            return HTTP.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new AssertionError(request.method() + " " + request.uri() + ": " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    static long sum(Map<Integer, Long> offsets) {
        return offsets.values().stream().mapToLong(Long::longValue).sum();
    }
}

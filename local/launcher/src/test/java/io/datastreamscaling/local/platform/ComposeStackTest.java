package io.datastreamscaling.local.platform;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Array;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * The real {@code docker/compose.yaml} started in containers, with {@code docker/images/compose.standins.yaml}
 * swapping in the locally built images of what cannot be pulled here, and checked from the host
 * through the published ports as a user would: every container healthy, every scrape target up and
 * every dashboard query answered, every order exactly once in PostgreSQL, then one fault after another
 * on the same stack (a broker stopped, the consumer SIGKILLed, {@code down} and {@code up}), each
 * followed by the same exactly-once check.
 *
 * <p>Needs the images (.ci/run's container phase; docker/README.md) and runs alone: {@code ./mvnw -Pstack verify}.
 */
@Tag("stack")
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ComposeStackTest {
    static final List<String> BROKERS = List.of("kafka-1", "kafka-2", "kafka-3");
    /** Every service of compose.yaml but Grafana and Kafka UI, which no registry-free source provides. */
    static final List<String> STARTED = List.of("kafka-1", "kafka-2", "kafka-3", "postgres", "postgres-exporter",
            "streams-state-init", "producer", "consumer", "streams", "prometheus");
    static final List<String> NOT_STARTED = List.of("grafana", "kafka-ui");
    static final Set<String> SCRAPE_JOBS = Set.of("producer", "consumer", "streams", "kafka", "postgres");
    /** Host ports of the published services: 5432 and 9090 are taken by this machine's own PostgreSQL and Prometheus. */
    static final Map<String, String> HOST_PORTS = Map.of("POSTGRES_PORT", "15432", "PROMETHEUS_PORT", "19090");
    static final String BOOTSTRAP = "localhost:19092,localhost:29092,localhost:39092";
    static final String TOPIC = "orders";
    static final Duration START_TIMEOUT = Duration.ofMinutes(4);
    static final Duration DRAIN_TIMEOUT = Duration.ofMinutes(2);
    static final int POSTED_PER_STEP = 100;

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    /** One line per exactly-once check, printed at the end for docs/reliability.md. */
    private static final List<String> FIGURES = new ArrayList<>();
    private static final Set<UUID> ACKNOWLEDGED = new TreeSet<>();

    @TempDir
    static Path work;
    private static ComposeStack stack;

    @BeforeAll
    static void startTheStack() {
        stack = new ComposeStack(work, HOST_PORTS, "docker/compose.yaml", "docker/images/compose.standins.yaml");
        System.out.println("[stack] docker/compose.yaml with docker/images/compose.standins.yaml (images swapped, nothing else);"
                + " run by docker-compose v1 from a copy without the top-level 'name:' (given as -p " + ComposeStack.PROJECT + ").");
        System.out.println("[stack] not started: " + NOT_STARTED + " (no image without a registry); StackConsistencyTest checks their configuration.");
        Path agent = StackFiles.ROOT.resolve("docker/kafka/jmx_prometheus_javaagent.jar");
        assertTrue(Files.isRegularFile(agent), agent + " is missing (the brokers mount it and fail at start without it):"
                + " run docker/images/build.sh, or ./mvnw -f docker/images/kafka/pom.xml package");
        stack.compose("down", "-v", "--remove-orphans");
        stack.up(STARTED);
    }

    @AfterAll
    static void stopTheStack() {
        System.out.println("[stack] figures:\n" + String.join("\n", FIGURES));
        if (stack != null) {
            try {
                stack.compose("down", "-v", "--remove-orphans");
            } finally {
                stack.close();
            }
        }
    }

    @Test
    @Order(1)
    void everyContainerBecomesHealthy() {
        awaitHealthy(STARTED);
    }

    @Test
    @Order(2)
    void prometheusScrapesEveryTargetAndEveryDashboardQueryReturnsData() {
        ComposeStack.until(START_TIMEOUT, () -> downTargets().isEmpty() && scrapedJobs().equals(SCRAPE_JOBS),
                () -> "every scrape target up; jobs " + scrapedJobs() + ", down: " + downTargets());
        Map<String, String> empty = new TreeMap<>();
        ComposeStack.until(START_TIMEOUT, () -> {
            empty.clear();
            StackQueries.panelTargets().forEach((where, expr) -> {
                String query = LivePrometheusTest.substituteGrafanaVariables(expr.replace("$__rate_interval", "30s"));
                JsonNode answer = prometheus("/api/v1/query?query=" + URLEncoder.encode(query, StandardCharsets.UTF_8));
                if (answer.path("data").path("result").isEmpty()) {
                    empty.put(where, query + " -> " + answer.path("status").asText() + " " + answer.path("error").asText(""));
                }
            });
            return empty.isEmpty();
        }, () -> "every dashboard query returns data; empty: " + empty);
    }

    @Test
    @Order(3)
    void generatedAndPostedOrdersAreInPostgresExactlyOnceAndStreamsWritesItsOutputs() {
        postOrders(POSTED_PER_STEP);
        ComposeStack.until(START_TIMEOUT, () -> endOffsets("orders.enriched") > 0 && endOffsets("revenue.per-user.1m") > 0,
                () -> "Kafka Streams writes orders.enriched and revenue.per-user.1m");
        drainAndAssertExactlyOnce("start");
    }

    @Test
    @Order(4)
    void withOneBrokerStoppedTheProducerKeepsGettingAcknowledgementsAndTheBrokerRejoins() {
        stack.compose("stop", "kafka-2");
        postOrders(POSTED_PER_STEP); // RF 3, min ISR 2: acks=all still succeeds with two brokers
        stack.compose("start", "kafka-2");
        awaitHealthy(List.of("kafka-2"));
        ComposeStack.until(START_TIMEOUT, () -> "0".equals(scalar("sum(kafka_server_replicamanager_underreplicatedpartitions)")),
                () -> "kafka-2 back in every ISR: under-replicated partitions "
                        + scalar("sum(kafka_server_replicamanager_underreplicatedpartitions)"));
        drainAndAssertExactlyOnce("one broker stopped and started");
    }

    @Test
    @Order(5)
    void theConsumerKilledAndRestartedMissesAndDuplicatesNothing() {
        postOrders(POSTED_PER_STEP / 2);
        stack.compose("kill", "-s", "SIGKILL", "consumer");
        postOrders(POSTED_PER_STEP / 2);
        stack.compose("start", "consumer");
        awaitHealthy(List.of("consumer"));
        drainAndAssertExactlyOnce("consumer SIGKILLed and restarted");
    }

    @Test
    @Order(6)
    void downThenUpWithoutVolumesKeepsEveryRowAndTheConsumerResumes() {
        long rowsBefore = rows();
        long logEndBefore = sum(logEnd());
        stack.compose("down");
        stack.up(STARTED);
        awaitHealthy(STARTED);
        assertTrue(rows() >= rowsBefore, "rows kept across down/up: " + rowsBefore + " before, " + rows() + " after");
        ComposeStack.until(START_TIMEOUT, () -> sum(logEnd()) >= logEndBefore,
                () -> "the brokers' logs kept: end offsets " + logEndBefore + " before, " + sum(logEnd()) + " after");
        postOrders(POSTED_PER_STEP);
        drainAndAssertExactlyOnce("down, then up without -v");
    }

    // --- the exactly-once check -------------------------------------------------------------------

    /**
     * Stops the generator, waits until the consumer's offsets in PostgreSQL reach the log end, then:
     * one row per record of the topic (no record missing, none written twice) and every order the
     * producer acknowledged to a POST once. Starts the generator again.
     */
    private static void drainAndAssertExactlyOnce(String after) {
        stack.compose("stop", "producer");
        Map<Integer, Long> logEnd = logEnd();
        ComposeStack.until(DRAIN_TIMEOUT, () -> logEnd.equals(storedOffsets()),
                () -> "after '" + after + "': kafka_offsets " + storedOffsets() + " reaches the log end " + logEnd);
        long records = sum(logEnd);
        long rows = rows();
        long positions = query("SELECT count(DISTINCT (source_partition, source_offset)) FROM orders WHERE source_topic = 'orders'");
        long acknowledgedFound = acknowledgedInPostgres();
        long missing = records - positions + (ACKNOWLEDGED.size() - acknowledgedFound);
        long duplicated = rows - positions;
        FIGURES.add(String.format("after %-36s records %6d, rows %6d, POSTed and acknowledged %5d (found %5d), missing %d, duplicated %d",
                after + ":", records, rows, ACKNOWLEDGED.size(), acknowledgedFound, missing, duplicated));
        System.out.println("[stack] " + FIGURES.get(FIGURES.size() - 1));
        assertEquals(records, positions, "after '" + after + "': every record of the topic has its row");
        assertEquals(positions, rows, "after '" + after + "': no record written twice");
        assertEquals(ACKNOWLEDGED.size(), acknowledgedFound, "after '" + after + "': every acknowledged POST once in PostgreSQL");
        stack.compose("start", "producer");
        awaitHealthy(List.of("producer"));
    }

    // --- the stack, seen from the host --------------------------------------------------------------

    private static void awaitHealthy(List<String> services) {
        Map<String, String> states = new TreeMap<>();
        ComposeStack.until(START_TIMEOUT, () -> {
            states.clear();
            services.forEach(s -> states.put(s, stack.health(s)));
            return states.entrySet().stream().allMatch(e -> e.getValue().equals(e.getKey().equals("streams-state-init") ? "exited(0)" : "healthy"));
        }, () -> "every container healthy (a one-shot exited 0): " + states);
    }

    private static void postOrders(int count) {
        for (int i = 0; i < count; i++) {
            UUID id = UUID.randomUUID();
            String body = "{\"orderId\":\"" + id + "\",\"userId\":\"stack-" + (i % 17) + "\",\"amount\":12.50,\"currency\":\"EUR\"}";
            HttpResponse<String> response = send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:8081/orders"))
                    .timeout(Duration.ofSeconds(30)).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(body)).build());
            assertEquals(202, response.statusCode(), "POST /orders #" + i + " acknowledged: " + response.body());
            ACKNOWLEDGED.add(id);
        }
    }

    private static Map<Integer, Long> logEnd() {
        try (Admin admin = admin()) {
            return endOffsets(admin, TOPIC);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        } catch (ExecutionException e) {
            throw new AssertionError("end offsets of " + TOPIC, e);
        }
    }

    private static long endOffsets(String topic) {
        try (Admin admin = admin()) {
            return endOffsets(admin, topic).values().stream().mapToLong(Long::longValue).sum();
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
    private static Admin admin() {
        Properties config = new Properties();
        config.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, BOOTSTRAP);
        config.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, "10000");
        config.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, "20000");
        return Admin.create(config);
    }

    private static Map<Integer, Long> storedOffsets() {
        Map<Integer, Long> stored = new TreeMap<>();
        try (Connection c = database(); PreparedStatement st = c.prepareStatement(
                "SELECT partition, next_offset FROM kafka_offsets WHERE consumer_group = 'orders-consumer' AND topic = ?")) {
            st.setString(1, TOPIC);
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

    private static long rows() {
        return query("SELECT count(*) FROM orders");
    }

    private static long acknowledgedInPostgres() {
        try (Connection c = database(); PreparedStatement st = c.prepareStatement("SELECT count(*) FROM orders WHERE order_id = ANY (?)")) {
            Array ids = c.createArrayOf("uuid", ACKNOWLEDGED.toArray());
            st.setArray(1, ids);
            try (ResultSet rs = st.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        } catch (SQLException e) {
            throw new AssertionError("acknowledged orders in PostgreSQL", e);
        }
    }

    private static long query(String sql) {
        try (Connection c = database(); PreparedStatement st = c.prepareStatement(sql); ResultSet rs = st.executeQuery()) {
            rs.next();
            return rs.getLong(1);
        } catch (SQLException e) {
            throw new AssertionError(sql, e);
        }
    }

    private static Connection database() throws SQLException {
        try {
            String password = Files.readString(StackFiles.ROOT.resolve("docker/secrets/db_password"), StandardCharsets.UTF_8).strip();
            return DriverManager.getConnection("jdbc:postgresql://127.0.0.1:" + HOST_PORTS.get("POSTGRES_PORT") + "/orders", "orders", password);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Set<String> scrapedJobs() {
        Set<String> jobs = new TreeSet<>();
        prometheus("/api/v1/targets").path("data").path("activeTargets").forEach(t -> jobs.add(t.path("labels").path("job").asText()));
        return jobs;
    }

    private static Map<String, String> downTargets() {
        Map<String, String> down = new TreeMap<>();
        prometheus("/api/v1/targets").path("data").path("activeTargets").forEach(t -> {
            if (!"up".equals(t.path("health").asText())) {
                down.put(t.path("scrapeUrl").asText(), t.path("health").asText() + " " + t.path("lastError").asText());
            }
        });
        return down;
    }

    private static String scalar(String expr) {
        JsonNode result = prometheus("/api/v1/query?query=" + URLEncoder.encode(expr, StandardCharsets.UTF_8)).path("data").path("result");
        return result.isEmpty() ? "no data" : result.get(0).path("value").get(1).asText();
    }

    private static JsonNode prometheus(String pathAndQuery) {
        HttpResponse<String> response = send(HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + HOST_PORTS.get("PROMETHEUS_PORT") + pathAndQuery)).timeout(Duration.ofSeconds(10)).GET().build());
        try {
            return JSON.readTree(response.body());
        } catch (IOException e) {
            return JSON.createObjectNode().put("status", "unreadable: " + response.body());
        }
    }

    private static HttpResponse<String> send(HttpRequest request) {
        try {
            return HTTP.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new AssertionError(request.method() + " " + request.uri() + ": " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    private static long sum(Map<Integer, Long> offsets) {
        return offsets.values().stream().mapToLong(Long::longValue).sum();
    }
}

package io.datastreamscaling.local.platform;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
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
 * every dashboard query answered, every order exactly once in PostgreSQL (group orders-consumer) and
 * in ClickHouse (group orders-analytics, counted after FINAL), then one fault after another on the
 * same stack (a broker stopped, both consumers SIGKILLed, {@code down} and {@code up}), each followed
 * by the same exactly-once check in both stores.
 *
 * <p>Needs the images (.ci/run's container phase; docker/README.md) and runs alone: {@code ./mvnw -Pstack verify}.
 */
@Tag("stack")
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ComposeStackTest {
    static final List<String> BROKERS = List.of("kafka-1", "kafka-2", "kafka-3");
    /** Every service of compose.yaml but Grafana and Kafka UI, which no registry-free source provides. */
    static final List<String> STARTED = List.of("kafka-1", "kafka-2", "kafka-3", "postgres", "postgres-exporter", "clickhouse",
            "streams-state-init", "producer", "consumer", "analytics-consumer", "streams", "prometheus");
    /** The two consumer groups, one per store. */
    static final List<String> CONSUMERS = List.of("consumer", "analytics-consumer");
    static final List<String> NOT_STARTED = List.of("grafana", "kafka-ui");
    static final Set<String> SCRAPE_JOBS = Set.of("producer", "consumer", "analytics-consumer", "streams", "kafka", "postgres");
    /** Host ports of the published services: 5432, 9090 and 8123 are taken by this machine's own PostgreSQL, Prometheus and ClickHouse. */
    static final Map<String, String> HOST_PORTS = Map.of("POSTGRES_PORT", "15432", "PROMETHEUS_PORT", "19090", "CLICKHOUSE_PORT", "18123");
    static final Duration START_TIMEOUT = ComposeStack.START_TIMEOUT;
    static final int POSTED_PER_STEP = 100;

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    static Path work;
    private static ComposeStack stack;
    private static StackOrders orders;

    @BeforeAll
    static void startTheStack() {
        stack = new ComposeStack(work, ComposeStack.PROJECT, HOST_PORTS, "docker/compose.yaml", "docker/images/compose.standins.yaml");
        System.out.println("[stack] docker/compose.yaml with docker/images/compose.standins.yaml (images swapped, nothing else);"
                + " run by docker-compose v1 from a copy without the top-level 'name:' (given as -p " + stack.project() + ").");
        System.out.println("[stack] not started: " + NOT_STARTED + " (no image without a registry); StackConsistencyTest checks their configuration.");
        ComposeStack.assertBrokerAgentPresent();
        orders = new StackOrders(stack, new Properties(), Optional.empty());
        orders.alsoCheck(new StackClickHouse(stack.hostPort("CLICKHOUSE_PORT", 8123)));
        stack.startFresh(STARTED);
    }

    @AfterAll
    static void stopTheStack() {
        StackOrders.printFiguresThenClose("figures", orders, stack);
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
        orders.post(POSTED_PER_STEP);
        ComposeStack.until(START_TIMEOUT, () -> orders.records("orders.enriched") > 0 && orders.records("revenue.per-user.1m") > 0,
                () -> "Kafka Streams writes orders.enriched and revenue.per-user.1m");
        orders.drainAndAssertExactlyOnce("start");
    }

    @Test
    @Order(4)
    void withOneBrokerStoppedTheProducerKeepsGettingAcknowledgementsAndTheBrokerRejoins() {
        stack.compose("stop", "kafka-2");
        orders.post(POSTED_PER_STEP); // RF 3, min ISR 2: acks=all still succeeds with two brokers
        stack.compose("start", "kafka-2");
        awaitHealthy(List.of("kafka-2"));
        ComposeStack.until(START_TIMEOUT, () -> "0".equals(scalar("sum(kafka_server_replicamanager_underreplicatedpartitions)")),
                () -> "kafka-2 back in every ISR: under-replicated partitions "
                        + scalar("sum(kafka_server_replicamanager_underreplicatedpartitions)"));
        orders.drainAndAssertExactlyOnce("one broker stopped and started");
    }

    @Test
    @Order(5)
    void bothConsumersKilledAndRestartedMissAndDuplicateNothing() {
        orders.post(POSTED_PER_STEP / 2);
        stack.compose("kill", "-s", "SIGKILL", CONSUMERS.get(0), CONSUMERS.get(1));
        orders.post(POSTED_PER_STEP / 2);
        stack.compose("start", CONSUMERS.get(0), CONSUMERS.get(1));
        awaitHealthy(CONSUMERS);
        orders.drainAndAssertExactlyOnce("consumers SIGKILLed and restarted");
    }

    @Test
    @Order(6)
    void downThenUpWithoutVolumesKeepsEveryRowAndTheConsumerResumes() {
        long rowsBefore = orders.rows();
        long logEndBefore = StackOrders.sum(orders.logEnd());
        stack.compose("down");
        stack.up(STARTED);
        awaitHealthy(STARTED);
        assertTrue(orders.rows() >= rowsBefore, "rows kept across down/up: " + rowsBefore + " before, " + orders.rows() + " after");
        ComposeStack.until(START_TIMEOUT, () -> StackOrders.sum(orders.logEnd()) >= logEndBefore,
                () -> "the brokers' logs kept: end offsets " + logEndBefore + " before, " + StackOrders.sum(orders.logEnd()) + " after");
        orders.post(POSTED_PER_STEP);
        // The last check of this stack: it goes down next, so the generator stays stopped.
        orders.drainAndAssertExactlyOnceLeavingGeneratorStopped("down, then up without -v");
    }

    // --- the stack, seen from the host --------------------------------------------------------------

    private static void awaitHealthy(List<String> services) {
        stack.awaitHealthy(services);
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
        HttpResponse<String> response = StackOrders.send(HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + HOST_PORTS.get("PROMETHEUS_PORT") + pathAndQuery)).timeout(Duration.ofSeconds(10)).GET().build());
        try {
            return JSON.readTree(response.body());
        } catch (IOException e) {
            return JSON.createObjectNode().put("status", "unreadable: " + response.body());
        }
    }
}

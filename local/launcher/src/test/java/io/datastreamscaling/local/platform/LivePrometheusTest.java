package io.datastreamscaling.local.platform;

import io.datastreamscaling.local.broker.testing.Await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import com.fasterxml.jackson.databind.JsonNode;
import io.datastreamscaling.local.launcher.LocalPlatform;
import io.datastreamscaling.local.launcher.RunningPlatform;
import io.datastreamscaling.shared.config.Env;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The dashboards and alerts work against the real services: the local platform (embedded broker,
 * producer, consumer) runs in-process, a real Prometheus scrapes it every second and loads
 * {@code dashboards/alerts.yml}, and every dashboard query and alert expression is evaluated through
 * Prometheus' HTTP API, as Grafana and the rule engine evaluate them. A panel whose metric the code no
 * longer exports, or whose label matchers match nothing, fails here.
 *
 * <p>Needs the {@code prometheus} binary (Debian's package): fails in CI without it, skips elsewhere.
 */
class LivePrometheusTest {
    /**
     * What Grafana puts in place of its variables. $service: the dashboards' "All" value. Intervals: a
     * window of several 1 s scrapes, like Grafana's $__rate_interval (at least 4 scrape intervals).
     */
    static final Map<String, String> GRAFANA_VARIABLES = Map.of(
            "service", ".*",
            "__rate_interval", "10s",
            "__interval", "2s",
            "__interval_ms", "2000",
            "__range", "1m",
            "__range_s", "60",
            "__range_ms", "60000");
    private static final Pattern GRAFANA_VARIABLE = Pattern.compile("\\$\\{?(\\w+)(?::\\w+)?}?");
    /** Enough scrapes that every rate over $__rate_interval has several samples. */
    static final int SCRAPES_BEFORE_CHECKING = 12;
    static final Duration STARTUP_TIMEOUT = Duration.ofSeconds(90);

    @TempDir
    static Path work;
    private static final ByteArrayOutputStream platformOutput = new ByteArrayOutputStream();
    private static RunningPlatform platform;
    private static LivePrometheus prometheus;

    @BeforeAll
    static void startThePlatformAndAPrometheusScrapingIt() throws Exception {
        Optional<Path> binary = PrometheusTools.find("prometheus");
        if (binary.isEmpty()) {
            return; // each test then fails (CI) or skips, in requirePrometheus
        }
        String[] args = {"--rate", "100", "--data-dir", work.resolve("kafka").toString(), "--wipe",
            "--kafka-port", Integer.toString(freePort()), "--ephemeral-ports", "--status-every", "60"};
        platform = LocalPlatform.startInBackground(args, Env.of(Map.of()),
                new PrintStream(platformOutput, true, StandardCharsets.UTF_8));
        prometheus = LivePrometheus.start(binary.get(), work, platform.httpPorts(), StackFiles.ROOT.resolve(StackQueries.ALERTS));
        Await.until(STARTUP_TIMEOUT, LivePrometheusTest::everyJobScrapedAndEveryRuleEvaluated,
                () -> SCRAPES_BEFORE_CHECKING + " successful scrapes of " + platform.httpPorts().keySet()
                        + ", orders consumed and every rule evaluated; scrapes: "
                        + prometheus.series("count_over_time(up[1m])") + "\nplatform output:\n" + platformOutput);
    }

    @BeforeEach
    void requirePrometheus() {
        PrometheusTools.require("prometheus");
    }

    @AfterAll
    static void stopPrometheusAndThePlatform() {
        if (prometheus != null) {
            prometheus.close();
        }
        if (platform != null) {
            platform.close();
        }
    }

    @Test
    void everyDashboardQueryIsValidAndReturnsASeries() {
        Map<String, String> problems = new TreeMap<>();
        StackQueries.panelTargets().forEach((where, grafanaExpr) -> {
            String expr = substituteGrafanaVariables(grafanaExpr);
            JsonNode answer = prometheus.query(expr);
            if (!"success".equals(answer.path("status").asText())) {
                problems.put(where, "invalid PromQL: " + answer.path("error").asText() + " in " + expr);
            } else if (answer.path("data").path("result").isEmpty() && !onlyExporterMetrics(expr)) {
                Set<String> absent = absentMetrics(expr);
                problems.put(where, absent.isEmpty()
                        ? "no series, though every metric it uses is scraped (label matchers?): " + expr
                        : "no series: not exported " + absent);
            }
        });
        assertEquals(Map.of(), problems, "dashboard queries that Grafana would show as errors or 'No data'");
    }

    @Test
    void everyAlertExpressionIsValidAndEveryMetricItUsesIsScraped() {
        Map<String, String> problems = new TreeMap<>();
        StackQueries.alertExpressions().forEach((alert, expr) -> {
            JsonNode answer = prometheus.query(expr);
            Set<String> absent = absentMetrics(expr);
            if (!"success".equals(answer.path("status").asText())) {
                problems.put(alert, "invalid PromQL: " + answer.path("error").asText());
            } else if (!absent.isEmpty() && !onlyExporterMetrics(expr)) {
                problems.put(alert, "uses metrics no service exports: " + absent);
            }
        });
        assertEquals(Map.of(), problems, "alerts that could never fire");
    }

    @Test
    void prometheusLoadsEveryAlertRuleAndEvaluatesItWithoutError() {
        Map<String, String> health = new TreeMap<>();
        for (JsonNode group : prometheus.get("/api/v1/rules").path("data").path("groups")) {
            for (JsonNode rule : group.path("rules")) {
                health.put(rule.path("name").asText(), rule.path("health").asText() + rule.path("lastError").asText(""));
            }
        }

        Map<String, String> allOk = new TreeMap<>();
        StackQueries.alertExpressions().keySet().forEach(alert -> allOk.put(alert, "ok"));
        assertEquals(allOk, health, "rule health as the rule engine reports it");
    }

    @Test
    void everyServiceIsScrapedUnderItsOwnServiceTag() {
        Set<String> expected = StackConsistencyTest.SERVICES.stream().map(StackConsistencyTest.StackService::name)
                .collect(Collectors.toCollection(TreeSet::new));
        StackQueries.variableSelectors().forEach((where, selector) -> {
            Set<String> services = new TreeSet<>();
            prometheus.series("count by (service) (" + selector + ")")
                    .forEach(s -> services.add(s.path("metric").path("service").asText()));
            assertEquals(expected, services, where + ": the services the dashboard's $service variable offers");
        });
    }

    /** Grafana's variables replaced by their values; an unknown variable fails rather than reach Prometheus. */
    static String substituteGrafanaVariables(String expr) {
        Matcher m = GRAFANA_VARIABLE.matcher(expr);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String value = GRAFANA_VARIABLES.get(m.group(1));
            if (value == null) {
                throw new AssertionError("unknown Grafana variable $" + m.group(1) + " in " + expr + " (add it to GRAFANA_VARIABLES)");
            }
            m.appendReplacement(out, Matcher.quoteReplacement(value));
        }
        return m.appendTail(out).toString();
    }

    /**
     * A broker or PostgreSQL panel or alert: its meters come from the exporters of the Compose stack,
     * which the in-process platform does not run. Here it must be valid PromQL; ComposeStackTest checks
     * that it returns data from the real exporters.
     */
    private static boolean onlyExporterMetrics(String expr) {
        Set<String> names = new TreeSet<>(PromQl.metricNames(expr));
        names.removeAll(ExportedMeters.SCRAPE_SERIES);
        return !names.isEmpty() && ExportedMeters.exporterSeries().containsAll(names);
    }

    private static Set<String> absentMetrics(String expr) {
        return PromQl.metricNames(expr).stream().filter(name -> !prometheus.hasMetric(name))
                .collect(Collectors.toCollection(TreeSet::new));
    }

    private static boolean everyJobScrapedAndEveryRuleEvaluated() {
        Map<String, Integer> scrapes = new TreeMap<>();
        prometheus.series("sum by (job) (count_over_time(up[1m]) and on (job, instance) up == 1)").forEach(s ->
                scrapes.put(s.path("metric").path("job").asText(), (int) Double.parseDouble(s.path("value").get(1).asText())));
        boolean scraped = scrapes.keySet().equals(platform.httpPorts().keySet())
                && scrapes.values().stream().allMatch(n -> n >= SCRAPES_BEFORE_CHECKING);
        boolean consumed = !prometheus.series("sum(orders_consumed_total{outcome=\"processed\"}) > 0").isEmpty();
        boolean evaluated = true;
        for (JsonNode group : prometheus.get("/api/v1/rules").path("data").path("groups")) {
            for (JsonNode rule : group.path("rules")) {
                evaluated &= !rule.path("lastEvaluation").asText().startsWith("0001-");
            }
        }
        return scraped && consumed && evaluated;
    }

    private static int freePort() throws Exception {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}

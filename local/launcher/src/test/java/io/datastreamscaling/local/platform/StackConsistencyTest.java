package io.datastreamscaling.local.platform;

import static io.datastreamscaling.local.platform.StackFiles.list;
import static io.datastreamscaling.local.platform.StackFiles.map;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.datastreamscaling.shared.http.Health;
import io.datastreamscaling.shared.http.HealthProbe;
import io.datastreamscaling.shared.http.ServiceHttpServer;
import io.datastreamscaling.shared.kafka.Topics;
import io.datastreamscaling.shared.metrics.ServiceMetrics;
import java.net.HttpURLConnection;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;

/**
 * The stack files fit the code: Compose, the Prometheus config, the alert rules, the Grafana
 * dashboards and the Jib configuration name the services, ports, routes, images, variables, topics
 * and meters the code really has. Offline; the live check with a real Prometheus scraping the running
 * services is a separate test.
 */
class StackConsistencyTest {
    record StackService(String name, int port) {
    }

    /** DESIGN.md, ports. */
    static final List<StackService> SERVICES = List.of(
            new StackService("producer", 8081), new StackService("streams", 8082), new StackService("consumer", 8083));

    /**
     * Services whose code is still on other branches: their Compose variables are checked against
     * {@link #VARIABLES_EXPECTED_ONCE_MERGED} and their module pom may be missing. Remove a name once
     * its module has sources ({@link #servicesListedAsNotMergedHaveNoSourcesYet} fails until you do).
     */
    static final Set<String> SERVICES_NOT_MERGED_YET = Set.of("streams");
    static final Map<String, Set<String>> VARIABLES_EXPECTED_ONCE_MERGED = Map.of(
            "producer", Set.of("HTTP_PORT", "PRODUCER_RATE"),
            "consumer", Set.of("HTTP_PORT", "SINK", "DB_URL", "DB_USER", "DB_PASSWORD"),
            "streams", Set.of("HTTP_PORT"));

    static final Map<String, Object> COMPOSE = StackFiles.yaml("docker/compose.yaml");
    static final Map<String, Object> PROMETHEUS = StackFiles.yaml("docker/prometheus/prometheus.yml");
    static final Map<String, Object> ALERTS = StackFiles.yaml("dashboards/alerts.yml");
    static final List<String> DASHBOARDS = List.of("dashboards/pipeline-overview.json", "dashboards/service-internals.json");
    static final Document ROOT_POM = StackFiles.xml("pom.xml");

    private static ServiceMetrics metrics;
    private static ServiceHttpServer http;

    @BeforeAll
    static void startARealServiceHttpServer() throws Exception {
        metrics = ServiceMetrics.create("stack-consistency");
        http = ServiceHttpServer.start("stack-consistency", 0, metrics, new Health());
    }

    @AfterAll
    static void stopServer() {
        http.close();
        metrics.close();
    }

    @Test
    void everyScrapeTargetIsAServiceAtItsDesignPortAndMetricsPath() {
        Map<String, String> scraped = new TreeMap<>();
        for (Object job : list(PROMETHEUS.get("scrape_configs"))) {
            String path = (String) map(job).getOrDefault("metrics_path", "/metrics");
            assertEquals("/metrics", path, "job " + map(job).get("job_name"));
            assertRoute(path);
            for (Object config : list(map(job).get("static_configs"))) {
                for (Object target : list(map(config).get("targets"))) {
                    URI uri = URI.create("http://" + target);
                    scraped.put(uri.getHost(), target.toString());
                    assertEquals(service(uri.getHost()).port(), uri.getPort(), "scrape target " + target);
                }
            }
        }
        assertEquals(names(), scraped.keySet(), "every service is scraped, and nothing else");
    }

    @Test
    void composeRunsTheImagesJibBuilds() {
        String jib = "//pluginManagement/plugins/plugin[artifactId='jib-maven-plugin']/configuration";
        assertEquals("datastreamscaling/${project.artifactId}:${project.version}", StackFiles.xpath(ROOT_POM, jib + "/to/image"));
        assertEquals("latest", StackFiles.xpath(ROOT_POM, jib + "/to/tags/tag[1]"));
        for (StackService s : SERVICES) {
            assertEquals("datastreamscaling/" + s.name() + ":${TAG:-latest}", composeService(s.name()).get("image"));
        }
    }

    @Test
    void everyServiceModuleSwitchesJibOnWithItsDesignPort() {
        for (StackService s : SERVICES) {
            String pom = s.name() + "/pom.xml";
            if (!StackFiles.exists(pom)) {
                assertTrue(SERVICES_NOT_MERGED_YET.contains(s.name()), "no module for service " + s.name());
                continue;
            }
            Document module = StackFiles.xml(pom);
            assertEquals(s.name(), StackFiles.xpath(module, "/project/artifactId"), pom + ": the image is named after it");
            assertEquals(Integer.toString(s.port()), StackFiles.xpath(module, "/project/properties/service.port"), pom);
            assertEquals("false", StackFiles.xpath(module, "/project/properties/jib.skip"), pom);
            assertFalse(StackFiles.xpath(module, "/project/properties/main.class").isBlank(), pom + ": main.class");
            assertEquals(1, StackFiles.nodes(module, "/project/build/plugins/plugin[artifactId='jib-maven-plugin']").getLength(), pom);
        }
    }

    @Test
    void servicesListedAsNotMergedHaveNoSourcesYet() {
        for (String service : SERVICES_NOT_MERGED_YET) {
            assertFalse(ServiceSources.hasSources(service), service + " has sources now: remove it from SERVICES_NOT_MERGED_YET");
        }
    }

    @Test
    void healthChecksProbeReadinessOnTheServicePort() {
        for (StackService s : SERVICES) {
            Map<String, Object> service = composeService(s.name());
            List<Object> test = list(map(service.get("healthcheck")).get("test"));
            assertTrue(test.contains(HealthProbe.class.getName()), s.name() + " health check runs HealthProbe: " + test);
            assertTrue(test.contains("@/app/jib-classpath-file"), s.name() + ": Jib's classpath file");
            URI url = URI.create(test.get(test.size() - 1).toString());
            assertEquals(s.port(), url.getPort(), s.name() + " health check port");
            assertEquals("/health/ready", url.getPath(), s.name());
            assertRoute(url.getPath());
            assertEquals(Integer.toString(s.port()), map(service.get("environment")).get("HTTP_PORT"), s.name() + " HTTP_PORT");
        }
    }

    @Test
    void servicesStartAfterHealthyBrokersAndTheConsumerAfterPostgres() {
        for (StackService s : SERVICES) {
            Map<String, Object> dependsOn = map(composeService(s.name()).get("depends_on"));
            for (String broker : brokers()) {
                assertEquals("service_healthy", map(dependsOn.get(broker)).get("condition"), s.name() + " on " + broker);
            }
        }
        assertEquals("service_healthy", map(map(composeService("consumer").get("depends_on")).get("postgres")).get("condition"));
        assertEquals("postgres", map(composeService("consumer").get("environment")).get("SINK"));
        assertTrue(map(composeService("postgres").get("healthcheck")).containsKey("test"));
    }

    @Test
    void brokersFormOneClusterAtOurKafkaVersionWithRf3AndMinIsr2() {
        String kafkaVersion = StackFiles.xpath(ROOT_POM, "/project/properties/kafka.version");
        Set<Object> clusterIds = new TreeSet<>();
        Set<Object> nodeIds = new TreeSet<>();
        for (String broker : brokers()) {
            Map<String, Object> service = composeService(broker);
            Map<String, Object> env = map(service.get("environment"));
            assertEquals("apache/kafka:" + kafkaVersion, service.get("image"), broker);
            assertTrue(map(service.get("healthcheck")).containsKey("test"), broker + " has a health check");
            assertEquals("3", env.get("KAFKA_DEFAULT_REPLICATION_FACTOR"), broker);
            assertEquals("2", env.get("KAFKA_MIN_INSYNC_REPLICAS"), broker);
            assertEquals("broker,controller", env.get("KAFKA_PROCESS_ROLES"), broker);
            clusterIds.add(env.get("CLUSTER_ID"));
            nodeIds.add(env.get("KAFKA_NODE_ID"));
            assertTrue(env.get("KAFKA_CONTROLLER_QUORUM_VOTERS").toString().contains("@" + broker + ":"), broker + " votes");
        }
        assertEquals(3, brokers().size());
        assertEquals(1, clusterIds.size(), "one CLUSTER_ID");
        assertEquals(3, nodeIds.size(), "distinct node ids");
        for (StackService s : SERVICES) {
            assertEquals("3", map(composeService(s.name()).get("environment")).get("TOPIC_REPLICATION_FACTOR"), s.name());
        }
    }

    @Test
    void everyVariableComposeSetsOnAServiceIsOneTheServiceReads() {
        for (StackService s : SERVICES) {
            Set<String> read = ServiceSources.variablesRead(s.name());
            if (SERVICES_NOT_MERGED_YET.contains(s.name())) {
                read.addAll(VARIABLES_EXPECTED_ONCE_MERGED.get(s.name()));
            }
            for (String variable : map(composeService(s.name()).get("environment")).keySet()) {
                assertTrue(read.contains(variable) || ServiceSources.isPassThrough(variable),
                        s.name() + " does not read " + variable + " (it reads " + read + ")");
            }
        }
    }

    @Test
    void everyMetricInDashboardsAndAlertsIsOneTheServicesExport() {
        Set<String> exported = ExportedMeters.all();
        Map<String, Set<String>> unknown = new TreeMap<>();
        queries().forEach((where, expr) -> {
            Set<String> names = PromQl.metricNames(expr);
            assertFalse(names.isEmpty(), where + " uses no metric: " + expr);
            names.stream().filter(n -> !exported.contains(n)).forEach(n -> unknown.computeIfAbsent(n, k -> new TreeSet<>()).add(where));
        });
        assertEquals(Map.of(), unknown, "metrics no service exports, and where they are used");
    }

    @Test
    void applicationMetersAreScrapedUnderTheirDesignNames() {
        Set<String> base = new TreeSet<>();
        for (String series : ExportedMeters.applicationSeries()) {
            String design = ExportedMeters.DESIGN_NAMES.stream().filter(series::startsWith).findFirst()
                    .orElseThrow(() -> new AssertionError(series + " is not a DESIGN.md meter"));
            base.add(design);
        }
        assertEquals(ExportedMeters.DESIGN_NAMES, base);
    }

    @Test
    void theOverviewShowsEveryApplicationMeter() {
        Set<String> used = new TreeSet<>();
        queries().forEach((where, expr) -> {
            if (where.startsWith("dashboards/pipeline-overview.json")) {
                used.addAll(PromQl.metricNames(expr));
            }
        });
        for (String design : ExportedMeters.DESIGN_NAMES) {
            assertTrue(used.stream().anyMatch(u -> u.startsWith(design)), "the pipeline overview shows " + design);
        }
    }

    @Test
    void everyDashboardHasTheServiceVariableAndEveryPanelUsesIt() {
        for (String file : DASHBOARDS) {
            JsonNode dashboard = StackFiles.json(file);
            List<String> variables = new ArrayList<>();
            dashboard.path("templating").path("list").forEach(v -> variables.add(v.path("name").asText()));
            assertEquals(List.of("service"), variables, file);
            for (JsonNode panel : dashboard.path("panels")) {
                for (JsonNode target : panel.path("targets")) {
                    assertTrue(target.path("expr").asText().contains("service=~\"$service\""), file + ": " + panel.path("title"));
                    assertEquals("prometheus", target.path("datasource").path("uid").asText(), file);
                }
            }
        }
    }

    @Test
    void topicsNamedInTheStackAreTheSharedTopics() {
        Set<String> named = new TreeSet<>();
        queries().values().forEach(expr -> named.addAll(PromQl.labelValues(expr, "topic")));
        for (Object test : list(StackFiles.yaml("dashboards/alerts.test.yml").get("tests"))) {
            for (Object series : list(map(test).get("input_series"))) {
                named.addAll(PromQl.labelValues(map(series).get("series").toString(), "topic"));
            }
        }
        for (StackService s : SERVICES) {
            map(composeService(s.name()).get("environment")).forEach((k, v) -> {
                if (k.endsWith("_TOPIC") || k.endsWith("_TOPICS")) {
                    named.addAll(List.of(v.toString().split(",")));
                }
            });
        }
        assertFalse(named.isEmpty());
        assertTrue(Topics.ALL.containsAll(named), "topics " + named + " not all in " + Topics.ALL);
    }

    @Test
    void prometheusAndGrafanaLoadTheFilesOfThisRepository() {
        List<Object> prometheusVolumes = list(composeService("prometheus").get("volumes"));
        for (Object rules : list(PROMETHEUS.get("rule_files"))) {
            assertTrue(prometheusVolumes.contains("../dashboards/alerts.yml:" + rules + ":ro"), "rules mounted at " + rules);
        }
        assertTrue(prometheusVolumes.contains("./prometheus/prometheus.yml:/etc/prometheus/prometheus.yml:ro"));
        Map<String, Object> provider = map(list(StackFiles.yaml("docker/grafana/provisioning/dashboards/datastreamscaling.yml")
                .get("providers")).get(0));
        String dashboardsPath = map(provider.get("options")).get("path").toString();
        assertTrue(list(composeService("grafana").get("volumes")).contains("../dashboards:" + dashboardsPath + ":ro"));
        Map<String, Object> datasource = map(list(StackFiles.yaml("docker/grafana/provisioning/datasources/prometheus.yml")
                .get("datasources")).get(0));
        assertEquals("prometheus", datasource.get("uid"), "the uid the dashboards use");
        assertEquals("http://prometheus:9090", datasource.get("url"));
    }

    /** Every PromQL expression of the dashboards and alerts, keyed by where it is. */
    private static Map<String, String> queries() {
        Map<String, String> queries = new TreeMap<>();
        for (String file : DASHBOARDS) {
            JsonNode dashboard = StackFiles.json(file);
            for (JsonNode panel : dashboard.path("panels")) {
                for (JsonNode target : panel.path("targets")) {
                    queries.put(file + " / " + panel.path("title").asText() + " / " + target.path("refId").asText(),
                            target.path("expr").asText());
                }
            }
            for (JsonNode variable : dashboard.path("templating").path("list")) {
                String definition = variable.path("definition").asText();
                queries.put(file + " / $" + variable.path("name").asText(),
                        definition.replaceFirst("^label_values\\(([^,]+),.*$", "$1"));
            }
        }
        for (Object group : list(ALERTS.get("groups"))) {
            for (Object rule : list(map(group).get("rules"))) {
                queries.put("dashboards/alerts.yml / " + map(rule).get("alert"), map(rule).get("expr").toString());
            }
        }
        return queries;
    }

    private static void assertRoute(String path) {
        try {
            HttpURLConnection connection = (HttpURLConnection) URI.create("http://127.0.0.1:" + http.port() + path).toURL().openConnection();
            int status = connection.getResponseCode();
            connection.disconnect();
            assertNotEquals(404, status, path + " is not a route of ServiceHttpServer");
            assertNotEquals(405, status, path + " does not answer GET");
        } catch (java.io.IOException e) {
            throw new AssertionError("GET " + path, e);
        }
    }

    private static Map<String, Object> composeService(String name) {
        Map<String, Object> service = map(map(COMPOSE.get("services")).get(name));
        assertFalse(service.isEmpty(), "Compose has no service " + name);
        return service;
    }

    private static List<String> brokers() {
        return map(COMPOSE.get("services")).keySet().stream().filter(n -> n.startsWith("kafka-") && !n.equals("kafka-ui")).toList();
    }

    private static StackService service(String name) {
        return SERVICES.stream().filter(s -> s.name().equals(name)).findFirst()
                .orElseThrow(() -> new AssertionError(name + " is not one of our services"));
    }

    private static Set<String> names() {
        Set<String> names = new TreeSet<>();
        SERVICES.forEach(s -> names.add(s.name()));
        return names;
    }
}

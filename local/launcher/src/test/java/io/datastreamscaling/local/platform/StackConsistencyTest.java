package io.datastreamscaling.local.platform;

import static io.datastreamscaling.local.platform.StackFiles.list;
import static io.datastreamscaling.local.platform.StackFiles.map;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.datastreamscaling.consumer.ConsumerSettings;
import io.datastreamscaling.producer.ProducerSettings;
import io.datastreamscaling.streams.StreamsSettings;
import io.datastreamscaling.shared.http.Health;
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

    /** docs/contract.md, ports. */
    static final List<StackService> SERVICES = List.of(
            new StackService("producer", 8081), new StackService("streams", 8082), new StackService("consumer", 8083));

    /** Every variable each service reads: its {@code <Service>Settings.VARIABLES}. */
    static final Map<String, Set<String>> VARIABLES_READ = Map.of(
            "producer", ProducerSettings.VARIABLES,
            "consumer", ConsumerSettings.VARIABLES,
            "streams", StreamsSettings.VARIABLES);

    static final Map<String, Object> COMPOSE = StackFiles.yaml("docker/compose.yaml");
    static final Map<String, Object> PROMETHEUS = StackFiles.yaml("docker/prometheus/prometheus.yml");
    static final Document ROOT_POM = StackFiles.xml("pom.xml");
    static final String POSTGRES_EXPORTER = "postgres-exporter";
    /**
     * Compose services that run one of our images under another name, by that image's service: the
     * ClickHouse consumer (group orders-analytics) is the consumer.
     */
    static final Map<String, String> INSTANCES = Map.of("analytics-consumer", "consumer");
    /** Containers that do one job and exit: no health to check. */
    static final Set<String> ONE_SHOT = Set.of("streams-state-init");

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
    void everyScrapeTargetIsAServiceAtItsDesignPortABrokerAtItsExporterPortOrPostgresExporter() {
        Map<String, String> scraped = new TreeMap<>();
        for (Object job : list(PROMETHEUS.get("scrape_configs"))) {
            String path = (String) map(job).getOrDefault("metrics_path", "/metrics");
            assertEquals("/metrics", path, "job " + map(job).get("job_name"));
            for (Object config : list(map(job).get("static_configs"))) {
                for (Object target : list(map(config).get("targets"))) {
                    URI uri = URI.create("http://" + target);
                    scraped.put(uri.getHost(), target.toString());
                    if (brokers().contains(uri.getHost())) {
                        assertEquals(brokerExporterPort(uri.getHost()), uri.getPort(), "scrape target " + target + ": its KAFKA_OPTS agent port");
                        assertEquals("kafka", map(map(config).get("labels")).get("service"), "broker targets carry service=kafka");
                    } else if (INSTANCES.containsKey(uri.getHost())) {
                        assertRoute(path);
                        assertEquals(service(INSTANCES.get(uri.getHost())).port(), uri.getPort(), "scrape target " + target);
                        assertEquals(uri.getHost(), map(map(config).get("labels")).get("service"),
                                uri.getHost() + " is told apart from the service whose code it runs");
                    } else if (uri.getHost().equals(POSTGRES_EXPORTER)) {
                        assertEquals(9187, uri.getPort(), "postgres-exporter's port");
                        assertEquals("postgres", map(map(config).get("labels")).get("service"));
                    } else {
                        assertRoute(path);
                        assertEquals(service(uri.getHost()).port(), uri.getPort(), "scrape target " + target);
                    }
                }
            }
        }
        Set<String> expected = names();
        expected.addAll(brokers());
        expected.add(POSTGRES_EXPORTER);
        expected.addAll(INSTANCES.keySet());
        assertEquals(expected, scraped.keySet(), "every service, every broker and PostgreSQL are scraped, and nothing else");
        assertTrue(composeServices().keySet().containsAll(INSTANCES.keySet()), "compose runs " + INSTANCES.keySet());
        assertTrue(composeServices().containsKey(POSTGRES_EXPORTER), "compose runs " + POSTGRES_EXPORTER);
    }

    @Test
    void brokersKeepTheirLogsOnANamedVolumeAtTheirLogDirs() {
        Set<Object> volumes = map(COMPOSE.get("volumes")).keySet().stream().collect(java.util.stream.Collectors.toSet());
        for (String broker : brokers()) {
            String logDirs = map(composeService(broker).get("environment")).get("KAFKA_LOG_DIRS").toString();
            String mount = list(composeService(broker).get("volumes")).stream().map(Object::toString)
                    .filter(v -> v.endsWith(":" + logDirs)).findFirst()
                    .orElseThrow(() -> new AssertionError(broker + ": no volume at its log.dirs " + logDirs));
            assertTrue(volumes.contains(mount.substring(0, mount.indexOf(':'))), broker + ": " + mount + " is a named volume");
        }
    }

    @Test
    void everyLongRunningContainerHasAHealthCheckThatStartsNoJvm() {
        composeServices().forEach((name, definition) -> {
            Map<String, Object> service = map(definition);
            if (ONE_SHOT.contains(name)) {
                return;
            }
            assertTrue(service.containsKey("healthcheck"), name + " has a health check");
            String test = list(map(service.get("healthcheck")).get("test")).toString();
            assertFalse(test.matches(".*\\bjava\\b.*") || test.contains(".sh "), name + ": a probe that starts a JVM: " + test);
        });
    }

    @Test
    void composeRunsTheImagesJibBuildsTaggedWithTheProjectVersion() {
        String jib = "//pluginManagement/plugins/plugin[artifactId='jib-maven-plugin']/configuration";
        String version = StackFiles.xpath(ROOT_POM, "/project/version");
        assertEquals("datastreamscaling/${project.artifactId}:${project.version}", StackFiles.xpath(ROOT_POM, jib + "/to/image"));
        assertEquals(0, StackFiles.nodes(ROOT_POM, jib + "/to/tags/tag").getLength(), "no floating tag such as latest");
        for (StackService s : SERVICES) {
            assertEquals("datastreamscaling/" + s.name() + ":${TAG:-" + version + "}", composeService(s.name()).get("image"));
        }
        INSTANCES.forEach((instance, service) ->
                assertEquals("datastreamscaling/" + service + ":${TAG:-" + version + "}", composeService(instance).get("image"), instance));
    }

    @Test
    void thePublishedBaseImageIsPinnedToAnExactVersion() {
        String base = StackFiles.xpath(ROOT_POM, "/project/properties/jib.base.image");
        assertTrue(base.matches("[\\w./-]+:\\d+\\.\\d+\\.\\d+_\\d+-[\\w-]+(@sha256:[0-9a-f]{64})?"), "an exact JRE version: " + base);
    }

    @Test
    void everyServiceModuleSwitchesJibOnWithItsDesignPort() {
        for (StackService s : SERVICES) {
            String pom = s.name() + "/pom.xml";
            assertTrue(StackFiles.exists(pom), "no module for service " + s.name());
            Document module = StackFiles.xml(pom);
            assertEquals(s.name(), StackFiles.xpath(module, "/project/artifactId"), pom + ": the image is named after it");
            assertEquals(Integer.toString(s.port()), StackFiles.xpath(module, "/project/properties/service.port"), pom);
            assertEquals("false", StackFiles.xpath(module, "/project/properties/jib.skip"), pom);
            assertFalse(StackFiles.xpath(module, "/project/properties/main.class").isBlank(), pom + ": main.class");
            assertEquals(1, StackFiles.nodes(module, "/project/build/plugins/plugin[artifactId='jib-maven-plugin']").getLength(), pom);
        }
    }

    @Test
    void healthChecksProbeReadinessOnTheServicePort() {
        List<StackService> containers = new ArrayList<>(SERVICES);
        INSTANCES.forEach((instance, service) -> containers.add(new StackService(instance, service(service).port())));
        for (StackService s : containers) {
            Map<String, Object> service = composeService(s.name());
            List<Object> test = list(map(service.get("healthcheck")).get("test"));
            assertEquals("CMD-SHELL", test.get(0), s.name() + ": one shell string (a runtime may re-split CMD arrays): " + test);
            String probe = test.get(1).toString();
            assertTrue(probe.startsWith("bash -c '"), s.name() + ": bash's /dev/tcp, no JVM: " + probe);
            assertTrue(probe.contains("/dev/tcp/127.0.0.1/" + s.port() + " "), s.name() + " health check port: " + probe);
            assertTrue(probe.contains("GET /health/ready HTTP/1.0"), s.name() + ": readiness: " + probe);
            assertTrue(probe.contains("grep -q \" 200 \""), s.name() + ": healthy only on 200: " + probe);
            assertRoute("/health/ready");
            assertEquals(Integer.toString(s.port()), map(service.get("environment")).get("HTTP_PORT"), s.name() + " HTTP_PORT");
        }
        for (String broker : brokers()) {
            String probe = list(map(composeService(broker).get("healthcheck")).get("test")).get(1).toString();
            assertTrue(probe.contains("/dev/tcp/127.0.0.1/" + brokerExporterPort(broker) + " "), broker + ": its exporter: " + probe);
            assertTrue(probe.contains("kafka_server_kafkaserver_brokerstate 3"), broker + ": healthy when RUNNING: " + probe);
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
        Map<String, Object> analytics = composeService("analytics-consumer");
        for (String broker : brokers()) {
            assertEquals("service_healthy", map(map(analytics.get("depends_on")).get(broker)).get("condition"), "analytics-consumer on " + broker);
        }
        assertEquals("service_healthy", map(map(analytics.get("depends_on")).get("clickhouse")).get("condition"));
        assertEquals("clickhouse", map(analytics.get("environment")).get("SINK"));
        assertEquals(ConsumerSettings.DEFAULT_ANALYTICS_GROUP_ID, map(analytics.get("environment")).get("CONSUMER_GROUP_ID"),
                "its own group: its own offsets, so either store can be down without holding the other back");
        assertTrue(map(composeService("clickhouse").get("healthcheck")).containsKey("test"));
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
        Map<String, String> containers = new TreeMap<>(INSTANCES);
        SERVICES.forEach(s -> containers.put(s.name(), s.name()));
        containers.forEach((container, service) -> {
            Set<String> read = new TreeSet<>(VARIABLES_READ.get(service));
            for (String variable : map(composeService(container).get("environment")).keySet()) {
                assertTrue(read.contains(variable) || ServiceSources.isPassThrough(variable),
                        container + " does not read " + variable + " (it reads " + read + ")");
            }
        });
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
            String design = ExportedMeters.CONTRACT_NAMES.stream().filter(series::startsWith).findFirst()
                    .orElseThrow(() -> new AssertionError(series + " is not a docs/contract.md meter"));
            base.add(design);
        }
        assertEquals(ExportedMeters.CONTRACT_NAMES, base);
    }

    @Test
    void theOverviewShowsEveryApplicationMeter() {
        Set<String> used = new TreeSet<>();
        queries().forEach((where, expr) -> {
            if (where.startsWith("dashboards/pipeline-overview.json")) {
                used.addAll(PromQl.metricNames(expr));
            }
        });
        for (String design : ExportedMeters.CONTRACT_NAMES) {
            assertTrue(used.stream().anyMatch(u -> u.startsWith(design)), "the pipeline overview shows " + design);
        }
    }

    @Test
    void everyDashboardHasTheServiceVariableAndEveryPanelUsesIt() {
        for (String file : StackQueries.DASHBOARDS) {
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

    private static Map<String, String> queries() {
        return StackQueries.all();
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

    /** The port of the JMX exporter agent in the broker's KAFKA_OPTS (-javaagent:...jar=PORT:config). */
    private static int brokerExporterPort(String broker) {
        String opts = map(composeService(broker).get("environment")).get("KAFKA_OPTS").toString();
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("jmx_prometheus_javaagent\\.jar=(\\d+):").matcher(opts);
        assertTrue(m.find(), broker + ": the JMX exporter agent in KAFKA_OPTS: " + opts);
        return Integer.parseInt(m.group(1));
    }

    private static Map<String, Object> composeServices() {
        return map(COMPOSE.get("services"));
    }

    private static Map<String, Object> composeService(String name) {
        return StackFiles.composeService(name);
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

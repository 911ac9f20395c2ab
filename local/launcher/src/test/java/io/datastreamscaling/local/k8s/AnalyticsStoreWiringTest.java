package io.datastreamscaling.local.k8s;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.datastreamscaling.consumer.ConsumerSettings;
import io.datastreamscaling.consumer.sink.clickhouse.ClickHouseSettings;
import io.datastreamscaling.local.k8s.ManifestFiles.Document;
import io.datastreamscaling.shared.config.Env;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.FieldSource;
import org.w3c.dom.Element;
import org.w3c.dom.Node;

/**
 * The analytics consumer reaches its ClickHouse in every overlay. What a rendered pod is given is read
 * by {@link ConsumerSettings} (the sink's own settings code), its password from the Secret file the
 * kubelet would mount. In the local overlays that is the in-cluster server: an exact release, run as the
 * image's non-root user, /ping probes, data on a volume claim, a user whose password and database are the
 * consumer's, and only the analytics consumer and monitoring let in. In prod, a managed server over
 * TLS, reached on the port its URL names and nothing else.
 */
class AnalyticsStoreWiringTest {
    static final List<String> OVERLAYS = RenderedOverlays.OVERLAYS;
    static final List<String> IN_CLUSTER = List.of("overlays/local", "overlays/local-static-membership");
    private static final String CONSUMER = DeployedService.ANALYTICS_CONSUMER.workload();
    private static final String SECRET = "datastreamscaling-clickhouse";
    /** The user the clickhouse/clickhouse-server image creates and runs as (its Dockerfile: clickhouse, 101:101). */
    private static final int IMAGE_USER = 101;

    @TempDir
    Path mounted;

    @ParameterizedTest(name = "k8s/{0}")
    @FieldSource("OVERLAYS")
    void theAnalyticsConsumerIsTheClickHouseSinkInItsOwnGroupAtTheStoreItMayReach(String overlay) throws Exception {
        ConsumerSettings settings = settings(overlay);
        ClickHouseSettings clickHouse = settings.clickHouse().orElseThrow();
        List<JsonNode> egress = clickHouseEgress(overlay, clickHouse.url().getPort());

        assertEquals(ConsumerSettings.SINK_CLICKHOUSE, settings.sink());
        assertEquals(ConsumerSettings.DEFAULT_ANALYTICS_GROUP_ID, settings.groupId());
        assertTrue(clickHouse.password().filter(p -> !p.isEmpty()).isPresent(), "a password, from the Secret file");
        assertEquals(1, egress.size(), () -> "one egress rule opens the port of " + clickHouse.url() + ", found " + egress);
        Optional<Document> server = RenderedOverlays.find(overlay, "StatefulSet", "clickhouse");
        if (IN_CLUSTER.contains(overlay)) {
            Document service = RenderedOverlays.find(overlay, "Service", clickHouse.url().getHost())
                    .orElseThrow(() -> new AssertionError("CLICKHOUSE_URL names " + clickHouse.url().getHost() + ", which is no Service"));
            assertEquals("http", clickHouse.url().getScheme());
            assertEquals(clickHouse.url().getPort(), portNamed(service.tree(), "http"), "CLICKHOUSE_URL's port is the Service's HTTP port");
            JsonNode serverLabels = RenderedOverlays.podTemplate(server.orElseThrow()).path("metadata").path("labels");
            assertEquals(service.tree().path("spec").path("selector"), serverLabels, "the Service selects the server's pods");
            assertEquals(egress.get(0).path("to").path(0).path("podSelector").path("matchLabels"), serverLabels,
                    "the consumer's egress rule admits exactly the server's pods");
        } else {
            assertTrue(server.isEmpty(), "prod runs no ClickHouse of its own: a managed service");
            assertEquals("https", clickHouse.url().getScheme(), "a managed ClickHouse outside the cluster is reached over TLS");
            assertTrue(egress.get(0).path("to").path(0).has("ipBlock"), "a NetworkPolicy reaches a host outside the cluster by address");
        }
    }

    @ParameterizedTest(name = "k8s/{0}")
    @FieldSource("IN_CLUSTER")
    void theServerIsAPinnedReleaseRunningAsTheImagesUserWithItsDataOnAVolumeClaim(String overlay) throws Exception {
        Document server = RenderedOverlays.find(overlay, "StatefulSet", "clickhouse").orElseThrow();
        JsonNode pod = RenderedOverlays.podTemplate(server).path("spec");
        JsonNode container = PodEnvironment.containerNamed(pod, "clickhouse");

        assertTrue(container.path("image").asText().matches("clickhouse/clickhouse-server:\\d+\\.\\d+\\.\\d+\\.\\d+"),
                () -> "an exact release tag (year.month.patch.build), never latest or a branch: " + container.path("image"));
        for (String field : List.of("runAsUser", "runAsGroup", "fsGroup")) {
            assertEquals(IMAGE_USER, pod.path("securityContext").path(field).asInt(), () -> field + " = the image's clickhouse user");
        }
        assertTrue(container.path("securityContext").path("readOnlyRootFilesystem").asBoolean(false), "readOnlyRootFilesystem");
        for (String probe : List.of("startupProbe", "livenessProbe", "readinessProbe")) {
            assertEquals("/ping", container.path(probe).path("httpGet").path("path").asText(), probe);
            assertEquals("http", container.path(probe).path("httpGet").path("port").asText(), probe);
        }
        String dataVolume = null;
        for (JsonNode mount : container.path("volumeMounts")) {
            if (mount.path("mountPath").asText().equals("/var/lib/clickhouse")) {
                dataVolume = mount.path("name").asText();
            }
        }
        String claim = dataVolume;
        assertTrue(server.tree().path("spec").path("volumeClaimTemplates").findValuesAsText("name").contains(claim),
                () -> "/var/lib/clickhouse is volume " + claim + ", which is no volumeClaimTemplate (the table would die with the pod)");
    }

    @ParameterizedTest(name = "k8s/{0}")
    @FieldSource("IN_CLUSTER")
    void theServerKnowsTheConsumersUserWithItsPasswordAndGrantsItsDatabase(String overlay) throws Exception {
        ClickHouseSettings clickHouse = settings(overlay).clickHouse().orElseThrow();
        Document server = RenderedOverlays.find(overlay, "StatefulSet", "clickhouse").orElseThrow();
        String usersFile = secretFileOf(overlay, server, "clickhouse", "/etc/clickhouse-server/users.d/datastreamscaling.xml");

        Element user = child(xml(usersFile), "users", clickHouse.user());
        assertEquals(clickHouse.password().orElseThrow(), child(user, "password").getTextContent(),
                "the server's password for " + clickHouse.user() + " = the one the consumer reads from its Secret file");
        assertTrue(child(user, "grants").getTextContent().contains("GRANT ALL ON " + clickHouse.database() + ".*"),
                () -> clickHouse.user() + " may create and write " + clickHouse.database());
    }

    @ParameterizedTest(name = "k8s/{0}")
    @FieldSource("IN_CLUSTER")
    void onlyTheAnalyticsConsumerAndMonitoringReachClickHouseAndItReachesNobody(String overlay) throws Exception {
        JsonNode spec = RenderedOverlays.find(overlay, "NetworkPolicy", "clickhouse")
                .orElseThrow(() -> new AssertionError("no NetworkPolicy for clickhouse")).tree().path("spec");

        assertEquals("{\"app.kubernetes.io/name\":\"clickhouse\"}", spec.path("podSelector").path("matchLabels").toString());
        assertEquals("[\"Ingress\",\"Egress\"]", spec.path("policyTypes").toString());
        List<String> sources = new ArrayList<>();
        spec.path("ingress").forEach(rule -> rule.path("from").forEach(peer -> sources.add(peer.toString())));
        assertEquals(List.of("{\"podSelector\":{\"matchLabels\":{\"app.kubernetes.io/name\":\"analytics-consumer\"}}}",
                "{\"namespaceSelector\":{\"matchLabels\":{\"kubernetes.io/metadata.name\":\"monitoring\"}}}"), sources);
        assertTrue(spec.path("egress").isEmpty(), "no egress: the server calls nobody");
    }

    /** The analytics consumer's settings, read from the rendered pod, its Secret files written where the kubelet mounts them. */
    private ConsumerSettings settings(String overlay) throws Exception {
        List<Document> rendered = RenderedOverlays.of(overlay);
        Document workload = workload(overlay);
        Map<String, String> env = new HashMap<>(PodEnvironment.of(rendered, workload, CONSUMER, CONSUMER + "-0"));
        String passwordFile = env.get(ClickHouseSettings.CLICKHOUSE_PASSWORD + "_FILE");
        assertTrue(passwordFile != null, "CLICKHOUSE_PASSWORD_FILE: the password is a Secret file");
        Path local = mounted.resolve("password");
        Files.writeString(local, secretFileOf(overlay, workload, CONSUMER, passwordFile));
        env.put(ClickHouseSettings.CLICKHOUSE_PASSWORD + "_FILE", local.toString());
        return ConsumerSettings.from(Env.of(env));
    }

    private static Document workload(String overlay) throws Exception {
        return RenderedOverlays.ofKind(overlay, "Deployment").stream().filter(d -> d.name().equals(CONSUMER)).findFirst()
                .orElseThrow(() -> new AssertionError("no Deployment " + CONSUMER + " in " + overlay));
    }

    /**
     * The content of a file a container sees from a Secret volume: the rendered Secret's key behind the
     * mount (a whole volume at the file's directory, or a subPath mount of the file itself). In prod the
     * Secret is brought by the operator, not rendered: a placeholder then.
     */
    private static String secretFileOf(String overlay, Document workload, String container, String file) throws Exception {
        JsonNode pod = RenderedOverlays.podTemplate(workload).path("spec");
        for (JsonNode mount : PodEnvironment.containerNamed(pod, container).path("volumeMounts")) {
            String at = mount.path("mountPath").asText();
            String item;
            if (at.equals(file) && mount.has("subPath")) {
                item = mount.path("subPath").asText();
            } else if (Path.of(file).getParent().equals(Path.of(at)) && !mount.has("subPath")) {
                item = Path.of(file).getFileName().toString();
            } else {
                continue;
            }
            for (JsonNode volume : pod.path("volumes")) {
                if (volume.path("name").asText().equals(mount.path("name").asText())) {
                    JsonNode secret = volume.path("secret");
                    assertFalse(secret.isMissingNode(), () -> workload + ": " + file + " is not from a Secret");
                    String key = null;
                    for (JsonNode entry : secret.path("items")) {
                        if (entry.path("path").asText().equals(item)) {
                            key = entry.path("key").asText();
                        }
                    }
                    String secretKey = key == null ? item : key;
                    assertEquals(SECRET, secret.path("secretName").asText(), () -> workload + ": " + file);
                    Optional<Document> rendered = RenderedOverlays.find(overlay, "Secret", SECRET);
                    if (rendered.isEmpty()) {
                        return "brought-by-the-operator";
                    }
                    String base64 = rendered.get().tree().path("data").path(secretKey).asText().replaceAll("\\s", "");
                    assertFalse(base64.isEmpty(), () -> "Secret " + SECRET + " has no key " + secretKey);
                    return new String(Base64.getDecoder().decode(base64), StandardCharsets.UTF_8);
                }
            }
        }
        throw new AssertionError(workload + ": nothing of container " + container + " is mounted at " + file);
    }

    /** The egress rules of the analytics consumer's NetworkPolicy that open the given port. */
    private static List<JsonNode> clickHouseEgress(String overlay, int port) throws Exception {
        JsonNode policy = RenderedOverlays.find(overlay, "NetworkPolicy", CONSUMER).orElseThrow().tree();
        List<JsonNode> rules = new ArrayList<>();
        for (JsonNode rule : policy.path("spec").path("egress")) {
            if (rule.path("ports").findValuesAsText("port").contains(Integer.toString(port))) {
                rules.add(rule);
            }
        }
        return rules;
    }

    private static int portNamed(JsonNode service, String name) {
        for (JsonNode port : service.path("spec").path("ports")) {
            if (port.path("name").asText().equals(name)) {
                return port.path("port").asInt();
            }
        }
        throw new AssertionError("no port " + name + " in " + service);
    }

    private static Element xml(String text) throws Exception {
        return DocumentBuilderFactory.newInstance().newDocumentBuilder()
                .parse(new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8))).getDocumentElement();
    }

    /** The element at the path of child element names below {@code parent}. */
    private static Element child(Element parent, String... path) {
        Element at = parent;
        for (String name : path) {
            Element found = null;
            for (Node node = at.getFirstChild(); node != null; node = node.getNextSibling()) {
                if (node instanceof Element element && element.getTagName().equals(name)) {
                    found = element;
                }
            }
            if (found == null) {
                throw new AssertionError("no <" + name + "> in <" + at.getTagName() + ">");
            }
            at = found;
        }
        return at;
    }
}

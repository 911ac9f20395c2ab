package io.datastreamscaling.local.k8s;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.datastreamscaling.local.k8s.ManifestFiles.Document;
import io.datastreamscaling.producer.ProducerSettings;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.FieldSource;

/**
 * What a shared production cluster asks of the rendered overlays: the Pod Security "restricted" level
 * in every pod and namespace, no service-account token, NetworkPolicies around every service, pods
 * spread over zones and nodes, image tags from the project version, and secrets only as files.
 */
class K8sSecurityTest {
    static final List<String> OVERLAYS = RenderedOverlays.OVERLAYS;
    private static final Pattern JIB_USER = Pattern.compile("<user>(\\d+):(\\d+)</user>");
    private static final Pattern PROJECT_VERSION = Pattern.compile("<artifactId>datastreamscaling</artifactId>\\s*<version>([^<]+)</version>");
    private static final Pattern FILE_REFERENCE = Pattern.compile("\\$\\{dir:([^:}]+):([^}]+)}");

    @ParameterizedTest(name = "k8s/{0}")
    @FieldSource("OVERLAYS")
    void theNamespaceEnforcesTheRestrictedPodSecurityLevel(String overlay) throws Exception {
        List<Document> namespaces = RenderedOverlays.ofKind(overlay, "Namespace");

        assertEquals(1, namespaces.size());
        assertEquals("restricted", namespaces.get(0).tree().path("metadata").path("labels").path("pod-security.kubernetes.io/enforce").asText(),
                "pod-security.kubernetes.io/enforce");
    }

    @ParameterizedTest(name = "k8s/{0}")
    @FieldSource("OVERLAYS")
    void everyPodMeetsTheRestrictedLevelAndMountsNoToken(String overlay) throws Exception {
        List<String> violations = new ArrayList<>();
        for (Document workload : workloads(overlay)) {
            JsonNode pod = RenderedOverlays.podTemplate(workload).path("spec");
            JsonNode podSecurity = pod.path("securityContext");
            check(violations, workload, "automountServiceAccountToken: false", !pod.path("automountServiceAccountToken").asBoolean(true));
            for (String flag : List.of("hostNetwork", "hostPID", "hostIPC")) {
                check(violations, workload, "no " + flag, !pod.path(flag).asBoolean(false));
            }
            pod.path("volumes").forEach(v -> check(violations, workload, "no hostPath volume", !v.has("hostPath")));
            for (JsonNode container : containers(pod)) {
                JsonNode security = container.path("securityContext");
                String name = "container " + container.path("name").asText() + ": ";
                check(violations, workload, name + "seccompProfile RuntimeDefault",
                        "RuntimeDefault".equals(security.path("seccompProfile").path("type").asText(
                                podSecurity.path("seccompProfile").path("type").asText())));
                check(violations, workload, name + "runAsNonRoot",
                        security.path("runAsNonRoot").asBoolean(podSecurity.path("runAsNonRoot").asBoolean(false)));
                check(violations, workload, name + "runAsUser not 0",
                        security.path("runAsUser").asInt(podSecurity.path("runAsUser").asInt(0)) != 0);
                check(violations, workload, name + "allowPrivilegeEscalation: false",
                        security.path("allowPrivilegeEscalation").isBoolean() && !security.path("allowPrivilegeEscalation").asBoolean());
                check(violations, workload, name + "capabilities drop ALL",
                        textValues(security.path("capabilities").path("drop")).contains("ALL"));
                check(violations, workload, name + "no added capabilities", security.path("capabilities").path("add").isEmpty());
                check(violations, workload, name + "not privileged", !security.path("privileged").asBoolean(false));
            }
        }
        assertEquals(List.of(), violations, "the Pod Security restricted level refuses these pods");
    }

    @ParameterizedTest(name = "k8s/{0}")
    @FieldSource("OVERLAYS")
    void ourServicesRunAsTheImagesUserOnAReadOnlyRootFilesystem(String overlay) throws Exception {
        Matcher jibUser = JIB_USER.matcher(rootPom());
        assertTrue(jibUser.find(), "the Jib <user> in pom.xml");
        for (DeployedService service : DeployedService.values()) {
            Document workload = workload(overlay, service);
            JsonNode pod = RenderedOverlays.podTemplate(workload).path("spec");
            JsonNode container = PodEnvironment.containerNamed(pod, service.workload());

            assertEquals(jibUser.group(1), pod.path("securityContext").path("runAsUser").asText(), () -> workload + " runAsUser = the image's user");
            assertEquals(jibUser.group(2), pod.path("securityContext").path("runAsGroup").asText(), () -> workload + " runAsGroup = the image's group");
            assertTrue(container.path("securityContext").path("readOnlyRootFilesystem").asBoolean(false), () -> workload + " readOnlyRootFilesystem");
        }
    }

    @ParameterizedTest(name = "k8s/{0}")
    @FieldSource("OVERLAYS")
    void everyServiceIsFencedByANetworkPolicyWithOnlyTheEgressItNeeds(String overlay) throws Exception {
        for (DeployedService service : DeployedService.values()) {
            Document policy = RenderedOverlays.find(overlay, "NetworkPolicy", service.workload())
                    .orElseThrow(() -> new AssertionError("no NetworkPolicy for " + service));
            JsonNode spec = policy.tree().path("spec");

            assertEquals(Map.of("app.kubernetes.io/name", service.workload()).toString(), selectorOf(spec.path("podSelector")).toString());
            assertEquals(Set.of("Ingress", "Egress"), textValues(spec.path("policyTypes")), "both directions are fenced");
            Set<Integer> egressPorts = new TreeSet<>();
            for (JsonNode rule : spec.path("egress")) {
                assertFalse(rule.path("to").isEmpty(), () -> policy + ": an egress rule without 'to' allows every destination");
                rule.path("ports").forEach(p -> egressPorts.add(p.path("port").asInt()));
            }
            Set<Integer> allowed = new TreeSet<>(Set.of(53, kafkaPort(overlay)));
            if (service == DeployedService.CONSUMER) {
                allowed.add(5432);
            }
            if (service == DeployedService.ANALYTICS_CONSUMER) {
                allowed.add(clickHousePort(overlay));
            }
            if (service == DeployedService.STREAMS) {
                allowed.add(service.port);
            }
            assertEquals(allowed, egressPorts,
                    () -> policy + ": egress to DNS, Kafka, and PostgreSQL (consumer) or ClickHouse (analytics-consumer) only");
            for (JsonNode rule : spec.path("ingress")) {
                assertFalse(rule.path("from").isEmpty(), () -> policy + ": an ingress rule without 'from' admits everybody");
            }
        }
    }

    @ParameterizedTest(name = "k8s/{0}")
    @FieldSource("OVERLAYS")
    void onlyLabelledClientsAndTheMonitoringNamespaceReachPostOrders(String overlay) throws Exception {
        JsonNode ingress = RenderedOverlays.find(overlay, "NetworkPolicy", "producer").orElseThrow().tree().path("spec").path("ingress");

        assertEquals(1, ingress.size());
        List<String> sources = new ArrayList<>();
        ingress.get(0).path("from").forEach(peer -> sources.add(peer.toString()));
        assertEquals(List.of("{\"podSelector\":{\"matchLabels\":{\"datastreamscaling.io/orders-client\":\"true\"}}}",
                "{\"namespaceSelector\":{\"matchLabels\":{\"kubernetes.io/metadata.name\":\"monitoring\"}}}"), sources);
    }

    @ParameterizedTest(name = "k8s/{0}")
    @FieldSource("OVERLAYS")
    void podsSpreadOverZonesAndNodes(String overlay) throws Exception {
        for (DeployedService service : DeployedService.values()) {
            Document workload = workload(overlay, service);
            Set<String> keys = new TreeSet<>();
            for (JsonNode constraint : RenderedOverlays.podTemplate(workload).path("spec").path("topologySpreadConstraints")) {
                assertEquals(service.workload(), constraint.path("labelSelector").path("matchLabels").path("app.kubernetes.io/name").asText(),
                        () -> workload + ": the constraint counts this workload's pods");
                keys.add(constraint.path("topologyKey").asText());
            }
            assertEquals(Set.of("topology.kubernetes.io/zone", "kubernetes.io/hostname"), keys, () -> workload + " topology spread");
        }
    }

    @ParameterizedTest(name = "k8s/{0}")
    @FieldSource("OVERLAYS")
    void imagesAreTaggedWithTheProjectVersion(String overlay) throws Exception {
        Matcher version = PROJECT_VERSION.matcher(rootPom());
        assertTrue(version.find(), "the project version in pom.xml");
        for (DeployedService service : DeployedService.values()) {
            JsonNode container = PodEnvironment.containerNamed(RenderedOverlays.podTemplate(workload(overlay, service)).path("spec"),
                    service.workload());

            assertEquals(service.image() + ":" + version.group(1), container.path("image").asText());
        }
    }

    @ParameterizedTest(name = "k8s/{0}")
    @FieldSource("OVERLAYS")
    void secretsReachThePodsOnlyAsFiles(String overlay) throws Exception {
        List<Document> rendered = RenderedOverlays.of(overlay);
        for (DeployedService service : DeployedService.values()) {
            Document workload = workload(overlay, service);
            JsonNode pod = RenderedOverlays.podTemplate(workload).path("spec");
            // PodEnvironment refuses secretKeyRef: a secret in an environment value shows in `kubectl describe`.
            Map<String, String> env = PodEnvironment.of(rendered, workload, service.workload(), service.workload() + "-0");
            for (Map.Entry<String, String> variable : env.entrySet()) {
                if (variable.getKey().endsWith("_SASL_JAAS_CONFIG")) {
                    Matcher reference = FILE_REFERENCE.matcher(variable.getValue());
                    assertTrue(reference.matches(), () -> workload + ": " + variable.getKey() + " must be a ${dir:...} reference, not the line");
                    String prefix = variable.getKey().substring(0, variable.getKey().length() - "SASL_JAAS_CONFIG".length());
                    assertEquals("org.apache.kafka.common.config.provider.DirectoryConfigProvider", env.get(prefix + "CONFIG_PROVIDERS_DIR_CLASS"));
                    assertEquals("dir", env.get(prefix + "CONFIG_PROVIDERS"));
                    assertSecretFile(pod, service, reference.group(1) + "/" + reference.group(2), workload);
                } else if (variable.getKey().endsWith("_FILE")) {
                    assertSecretFile(pod, service, variable.getValue(), workload);
                }
                assertFalse(variable.getKey().contains("PASSWORD") && !variable.getKey().endsWith("_FILE")
                        || variable.getKey().equals(ProducerSettings.PRODUCER_API_TOKEN), () -> workload + " has a secret value " + variable.getKey());
            }
        }
    }

    @Test
    void productionRequiresTheProducersApiToken() throws Exception {
        Document producer = workload("overlays/prod", DeployedService.PRODUCER);
        Map<String, String> env = PodEnvironment.of(RenderedOverlays.of("overlays/prod"), producer, "producer", "producer-0");

        String tokenFile = env.get(ProducerSettings.PRODUCER_API_TOKEN + "_FILE");
        assertTrue(tokenFile != null, "prod sets PRODUCER_API_TOKEN_FILE: POST /orders must not be open");
        JsonNode volume = assertSecretFile(RenderedOverlays.podTemplate(producer).path("spec"), DeployedService.PRODUCER, tokenFile, producer);
        assertFalse(volume.path("secret").path("optional").asBoolean(false), "a missing token Secret keeps the pod from starting");
    }

    /** The file is in a volume mounted from a Secret whose items put a key at that name; returns the volume. */
    private static JsonNode assertSecretFile(JsonNode pod, DeployedService service, String file, Document workload) {
        Path path = Path.of(file);
        JsonNode container = PodEnvironment.containerNamed(pod, service.workload());
        for (JsonNode mount : container.path("volumeMounts")) {
            if (path.getParent().equals(Path.of(mount.path("mountPath").asText()))) {
                for (JsonNode volume : pod.path("volumes")) {
                    if (volume.path("name").asText().equals(mount.path("name").asText())) {
                        assertTrue(volume.has("secret"), () -> workload + ": " + file + " is not from a Secret");
                        assertTrue(volume.path("secret").path("items").findValuesAsText("path").contains(path.getFileName().toString()),
                                () -> workload + ": the Secret volume has no item at " + file);
                        return volume;
                    }
                }
            }
        }
        throw new AssertionError(workload + ": nothing is mounted at " + path.getParent() + " for " + file);
    }

    private static int kafkaPort(String overlay) {
        return overlay.equals("overlays/prod") ? 9093 : 9092;
    }

    /** The in-cluster ClickHouse's HTTP port, or the managed service's HTTPS port in prod. */
    private static int clickHousePort(String overlay) {
        return overlay.equals("overlays/prod") ? 8443 : 8123;
    }

    private static List<Document> workloads(String overlay) throws Exception {
        return RenderedOverlays.of(overlay).stream().filter(RenderedOverlays::isWorkload).toList();
    }

    private static Document workload(String overlay, DeployedService service) throws Exception {
        return workloads(overlay).stream().filter(w -> w.name().equals(service.workload())).findFirst()
                .orElseThrow(() -> new AssertionError("no workload " + service.workload() + " in " + overlay));
    }

    private static List<JsonNode> containers(JsonNode pod) {
        List<JsonNode> all = new ArrayList<>();
        pod.path("containers").forEach(all::add);
        pod.path("initContainers").forEach(all::add);
        return all;
    }

    private static Set<String> textValues(JsonNode array) {
        Set<String> values = new TreeSet<>();
        array.forEach(v -> values.add(v.asText()));
        return values;
    }

    private static Map<String, String> selectorOf(JsonNode selector) {
        Map<String, String> labels = new TreeMap<>();
        selector.path("matchLabels").properties().forEach(e -> labels.put(e.getKey(), e.getValue().asText()));
        return labels;
    }

    private static void check(List<String> violations, Document workload, String rule, boolean ok) {
        if (!ok) {
            violations.add(workload + ": " + rule);
        }
    }

    private static String rootPom() throws Exception {
        return Files.readString(ManifestFiles.root().resolve("pom.xml"));
    }
}

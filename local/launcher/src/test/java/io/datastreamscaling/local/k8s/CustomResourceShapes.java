package io.datastreamscaling.local.k8s;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The fields our KEDA resources and kustomizations may use, level by level: the two shapes no model
 * class on the JVM covers. KEDA's published CRD (checked in {@link PublishedSchemas}) types a trigger's
 * {@code metadata} as a map of strings, so only a list can tell a misspelt {@code lagTreshold}; the
 * lists are taken from KEDA's scaler reference. Strimzi, Prometheus-operator and built-in kinds bind
 * to their real model classes instead ({@link StrictKubernetesModel}). Paths are dotted; {@code []}
 * is every array element, {@code [kafka]} only the elements whose {@code type} is {@code kafka}.
 */
final class CustomResourceShapes {
    private static final Set<String> TOP = Set.of("apiVersion", "kind", "metadata", "spec");

    static final Map<String, Map<String, Set<String>>> ALLOWED = Map.of(
            "keda.sh/v1alpha1/ScaledObject", Map.of(
                    "", TOP,
                    "spec", Set.of("scaleTargetRef", "pollingInterval", "cooldownPeriod", "initialCooldownPeriod",
                            "idleReplicaCount", "minReplicaCount", "maxReplicaCount", "fallback", "advanced", "triggers"),
                    "spec.scaleTargetRef", Set.of("apiVersion", "kind", "name", "envSourceContainerName"),
                    "spec.fallback", Set.of("failureThreshold", "replicas", "behavior"),
                    "spec.advanced", Set.of("horizontalPodAutoscalerConfig", "restoreToOriginalReplicaCount", "scalingModifiers"),
                    "spec.advanced.horizontalPodAutoscalerConfig", Set.of("name", "behavior"),
                    "spec.triggers[]", Set.of("type", "name", "metadata", "authenticationRef", "metricType", "useCachedMetrics"),
                    "spec.triggers[kafka].metadata", Set.of("bootstrapServers", "consumerGroup", "topic", "lagThreshold",
                            "activationLagThreshold", "offsetResetPolicy", "allowIdleConsumers", "scaleToZeroOnInvalidOffset",
                            "excludePersistentLag", "limitToPartitionsWithLag", "ensureEvenDistributionOfPartitions",
                            "version", "partitionLimitation", "sasl", "tls", "unsafeSsl"),
                    "spec.triggers[prometheus].metadata", Set.of("serverAddress", "query", "threshold", "activationThreshold",
                            "namespace", "customHeaders", "ignoreNullValues", "queryParameters", "unsafeSsl")),
            "keda.sh/v1alpha1/TriggerAuthentication", Map.of(
                    "", TOP,
                    "spec", Set.of("secretTargetRef", "env", "podIdentity", "hashiCorpVault", "configMapTargetRef"),
                    "spec.secretTargetRef[]", Set.of("parameter", "name", "key")),
            "kustomize.config.k8s.io/v1beta1/Kustomization", Map.of(
                    "", Set.of("apiVersion", "kind", "namespace", "labels", "resources", "components", "patches",
                            "secretGenerator", "configMapGenerator", "images", "generatorOptions")),
            "kustomize.config.k8s.io/v1alpha1/Component", Map.of(
                    "", Set.of("apiVersion", "kind", "resources", "patches", "secretGenerator", "configMapGenerator", "images")));

    private CustomResourceShapes() {
    }

    static boolean isKnown(JsonNode tree) {
        return ALLOWED.containsKey(key(tree));
    }

    /** Every field the tree uses outside the allowed set, as {@code path.field}; empty when the shape is right. */
    static List<String> unknownFields(JsonNode tree) {
        List<String> unknown = new ArrayList<>();
        ALLOWED.get(key(tree)).forEach((path, allowed) -> {
            for (JsonNode node : resolve(tree, path)) {
                for (Iterator<String> names = node.fieldNames(); names.hasNext(); ) {
                    String name = names.next();
                    if (!allowed.contains(name)) {
                        unknown.add(path.isEmpty() ? name : path + "." + name);
                    }
                }
            }
        });
        return unknown;
    }

    /** The nodes at a dotted path with {@code []} and {@code [type]} steps. */
    static List<JsonNode> resolve(JsonNode tree, String path) {
        List<JsonNode> current = List.of(tree);
        if (path.isEmpty()) {
            return current;
        }
        for (String step : path.split("\\.")) {
            int bracket = step.indexOf('[');
            String field = bracket < 0 ? step : step.substring(0, bracket);
            String typeFilter = bracket < 0 ? null : step.substring(bracket + 1, step.length() - 1);
            List<JsonNode> next = new ArrayList<>();
            for (JsonNode node : current) {
                JsonNode child = node.path(field);
                if (bracket < 0) {
                    if (!child.isMissingNode()) {
                        next.add(child);
                    }
                    continue;
                }
                child.forEach(element -> {
                    if (typeFilter.isEmpty() || typeFilter.equals(element.path("type").asText())) {
                        next.add(element);
                    }
                });
            }
            current = next;
        }
        return current;
    }

    private static String key(JsonNode tree) {
        return tree.path("apiVersion").asText() + "/" + tree.path("kind").asText();
    }
}

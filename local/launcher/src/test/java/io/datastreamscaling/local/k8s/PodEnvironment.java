package io.datastreamscaling.local.k8s;

import com.fasterxml.jackson.databind.JsonNode;
import io.datastreamscaling.local.k8s.ManifestFiles.Document;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The environment a container of a rendered workload starts with, as the kubelet builds it: the
 * ConfigMaps of {@code envFrom}, then {@code env} in order, with {@code $(VAR)} references to earlier
 * variables expanded and the downward API's {@code metadata.name} and {@code metadata.namespace}.
 */
final class PodEnvironment {
    private static final Pattern REFERENCE = Pattern.compile("\\$\\(([A-Za-z_][A-Za-z0-9_]*)\\)");

    private PodEnvironment() {
    }

    static Map<String, String> of(List<Document> rendered, Document workload, String container, String podName) {
        JsonNode spec = RenderedOverlays.podTemplate(workload).path("spec");
        JsonNode c = containerNamed(spec, container);
        String namespace = workload.tree().path("metadata").path("namespace").asText("default");
        Map<String, String> env = new LinkedHashMap<>();
        for (JsonNode source : c.path("envFrom")) {
            String map = source.path("configMapRef").path("name").asText();
            Document configMap = rendered.stream().filter(d -> d.kind().equals("ConfigMap") && d.name().equals(map)).findFirst()
                    .orElseThrow(() -> new AssertionError(workload + " reads a missing ConfigMap " + map));
            configMap.tree().path("data").properties().forEach(e -> env.put(e.getKey(), e.getValue().asText()));
        }
        for (JsonNode variable : c.path("env")) {
            String name = variable.path("name").asText();
            if (variable.has("value")) {
                env.put(name, expand(variable.path("value").asText(), env));
            } else {
                String field = variable.path("valueFrom").path("fieldRef").path("fieldPath").asText();
                env.put(name, switch (field) {
                    case "metadata.name" -> podName;
                    case "metadata.namespace" -> namespace;
                    default -> throw new AssertionError(workload + ": " + name + " comes from " + variable.path("valueFrom")
                            + "; only fieldRefs to metadata.name/namespace are expected (secrets are files)");
                });
            }
        }
        return env;
    }

    static JsonNode containerNamed(JsonNode podSpec, String name) {
        for (JsonNode container : podSpec.path("containers")) {
            if (container.path("name").asText().equals(name)) {
                return container;
            }
        }
        throw new AssertionError("no container " + name + " in " + podSpec);
    }

    /** {@code $(VAR)} replaced by an earlier variable's value; unknown references stay as written, as the kubelet leaves them. */
    private static String expand(String value, Map<String, String> env) {
        Matcher m = REFERENCE.matcher(value);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            m.appendReplacement(out, Matcher.quoteReplacement(env.getOrDefault(m.group(1), m.group())));
        }
        return m.appendTail(out).toString();
    }
}

package io.datastreamscaling.local.k8s;

import com.fasterxml.jackson.databind.JsonNode;
import io.datastreamscaling.local.k8s.ManifestFiles.Document;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * The published schemas, through the npm packages kubernetes-models (generated from the Kubernetes
 * API's OpenAPI document), {@code @kubernetes-models/keda} and {@code @kubernetes-models/prometheus-operator}
 * (generated from the CRDs those projects publish): types, enum values, required fields and formats,
 * which the model classes of {@link StrictKubernetesModel} do not check. Run by node from
 * {@code local/launcher/src/test/k8s-schema} ({@code npm ci} there; .ci/run does it).
 */
final class PublishedSchemas {
    private PublishedSchemas() {
    }

    static Path checker() {
        return ManifestFiles.root().resolve("local/launcher/src/test/k8s-schema");
    }

    static void requireInstalled() {
        ExternalTool.require("node with the packages of local/launcher/src/test/k8s-schema (npm ci there)",
                Files.isDirectory(checker().resolve("node_modules/kubernetes-models")) && ExternalTool.runs("node", "--version"));
    }

    /** One line per object that violates its published schema, or has none and is not a Strimzi kind. */
    static List<String> violations(List<Document> objects) throws Exception {
        String input = objects.stream().map(d -> d.tree().toString()).collect(Collectors.joining("\n", "", "\n"));
        String output = ExternalTool.run(checker(), input, "node", "validate.mjs");
        List<String> problems = new ArrayList<>();
        List<String> lines = output.lines().toList();
        if (lines.size() != objects.size()) {
            throw new AssertionError("the schema checker answered " + lines.size() + " lines for " + objects.size() + " objects: " + output);
        }
        for (String line : lines) {
            String[] parts = line.split(" ", 3);
            Document object = objects.get(Integer.parseInt(parts[1]));
            if (parts[0].equals("invalid")) {
                problems.add(object + ": " + parts[2]);
            } else if (parts[0].equals("noschema") && !isStrimzi(object.tree())) {
                problems.add(object + ": no published schema for " + parts[2]);
            }
        }
        return problems;
    }

    /** Strimzi publishes its schema as its model classes, checked by {@link StrictKubernetesModel}. */
    private static boolean isStrimzi(JsonNode tree) {
        return tree.path("apiVersion").asText().startsWith("kafka.strimzi.io/");
    }
}

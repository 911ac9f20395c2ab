package io.datastreamscaling.local.k8s;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.datastreamscaling.local.k8s.ManifestFiles.Document;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.FieldSource;

/**
 * What {@code kubectl apply -k} would send: each kustomization rendered by {@code kubectl kustomize},
 * every rendered object bound to its model class with unknown fields refused, checked against its
 * published schema (types, enums, required fields), and every label selector matching the pods it is
 * meant for. Fails in CI when kubectl or the schema checker is missing (.ci/run installs both).
 */
class KustomizeRenderTest {
    static final List<String> KUSTOMIZATIONS = RenderedOverlays.KUSTOMIZATIONS;

    @ParameterizedTest(name = "k8s/{0}")
    @FieldSource("KUSTOMIZATIONS")
    void everyObjectBindsToItsModelWithNoUnknownField(String kustomization) throws Exception {
        List<Document> objects = RenderedOverlays.of(kustomization);

        assertTrue(objects.size() >= 17, "expected at least the 17 base objects, rendered " + objects.size());
        for (Document object : objects) {
            ManifestParsingTest.assertMatchesSchema(object.tree());
            if (!kustomization.equals("base")) {
                assertEquals("datastreamscaling", object.tree().path("metadata").path("namespace").asText(
                        object.kind().equals("Namespace") ? "datastreamscaling" : ""), () -> object + " has no namespace");
            }
        }
    }

    @ParameterizedTest(name = "k8s/{0}")
    @FieldSource("KUSTOMIZATIONS")
    void everyObjectMatchesItsPublishedSchema(String kustomization) throws Exception {
        List<Document> objects = RenderedOverlays.of(kustomization);
        PublishedSchemas.requireInstalled();

        assertEquals(List.of(), PublishedSchemas.violations(objects));
    }

    @ParameterizedTest(name = "k8s/{0}")
    @FieldSource("KUSTOMIZATIONS")
    void everySelectorMatchesThePodsItIsFor(String kustomization) throws Exception {
        List<Document> objects = RenderedOverlays.of(kustomization);
        Map<String, JsonNode> podLabels = new TreeMap<>();
        for (Document workload : objects.stream().filter(RenderedOverlays::isWorkload).toList()) {
            JsonNode labels = RenderedOverlays.podTemplate(workload).path("metadata").path("labels");
            // The API server refuses a workload whose selector does not select its own template.
            assertTrue(matches(workload.tree().path("spec").path("selector").path("matchLabels"), labels),
                    () -> workload + ": selector does not match its pod template's labels");
            assertFalse(workload.tree().path("spec").path("selector").path("matchLabels").isEmpty(), () -> workload + ": empty selector");
            podLabels.put(workload.kind() + "/" + workload.name(), labels);
        }
        List<String> unmatched = new ArrayList<>();
        for (Document object : objects) {
            JsonNode selector = switch (object.kind()) {
                case "Service" -> object.tree().path("spec").path("selector");
                case "PodDisruptionBudget" -> object.tree().path("spec").path("selector").path("matchLabels");
                case "NetworkPolicy" -> object.tree().path("spec").path("podSelector").path("matchLabels");
                default -> null;
            };
            if (selector != null && podLabels.values().stream().noneMatch(labels -> matches(selector, labels))) {
                unmatched.add(object + " selects " + selector);
            }
            JsonNode target = object.tree().path("spec").path("scaleTargetRef");
            if ((object.kind().equals("HorizontalPodAutoscaler") || object.kind().equals("ScaledObject"))
                    && !podLabels.containsKey(target.path("kind").asText() + "/" + target.path("name").asText())) {
                unmatched.add(object + " scales a missing " + target);
            }
        }
        assertEquals(List.of(), unmatched, "selectors that select no pod template of the render");
    }

    private static boolean matches(JsonNode selector, JsonNode labels) {
        for (Map.Entry<String, JsonNode> entry : selector.properties()) {
            if (!entry.getValue().asText().equals(labels.path(entry.getKey()).asText(null))) {
                return false;
            }
        }
        return true;
    }
}

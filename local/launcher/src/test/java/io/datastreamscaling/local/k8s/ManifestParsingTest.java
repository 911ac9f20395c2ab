package io.datastreamscaling.local.k8s;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import io.datastreamscaling.local.k8s.ManifestFiles.Document;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * Every file under k8s/ is a valid object of its kind, with no field its schema does not know: bound to
 * the model classes of {@link StrictKubernetesModel} (Kubernetes, Prometheus operator, Strimzi), KEDA
 * and kustomizations checked by {@link CustomResourceShapes}.
 */
class ManifestParsingTest {

    @TestFactory
    Stream<DynamicTest> everyManifestMatchesTheSchemaOfItsKind() {
        List<Document> documents = ManifestFiles.all();
        assertTrue(documents.size() > 20, "expected the k8s/ manifests, found " + documents.size() + " documents");
        return documents.stream().map(doc -> DynamicTest.dynamicTest(doc.toString(), () -> assertMatchesSchema(doc.tree())));
    }

    @TestFactory
    Stream<DynamicTest> everyKustomizationReferencesFilesThatExist() {
        return ManifestFiles.all().stream().filter(Document::isKustomization)
                .map(doc -> DynamicTest.dynamicTest(doc.toString(), () -> {
                    Path dir = doc.file().getParent();
                    for (String field : List.of("resources", "components")) {
                        doc.tree().path(field).forEach(ref -> assertTrue(Files.exists(dir.resolve(ref.asText())),
                                () -> doc + " " + field + " names a missing " + ref.asText()));
                    }
                    doc.tree().path("patches").forEach(patch -> {
                        if (patch.has("path")) {
                            assertTrue(Files.isRegularFile(dir.resolve(patch.path("path").asText())), () -> doc + " patches a missing " + patch);
                        } else {
                            assertTrue(patch.has("patch") && patch.has("target") || patch.path("patch").asText().contains("$patch"),
                                    () -> doc + ": an inline patch needs a target: " + patch);
                        }
                    });
                }));
    }

    @Test
    void misspeltFieldOfABuiltInKindIsRejected() throws Exception {
        JsonNode deployment = yaml("""
                apiVersion: apps/v1
                kind: Deployment
                metadata: {name: producer}
                spec:
                  replcas: 2
                """);

        AssertionError rejected = assertThrows(AssertionError.class, () -> StrictKubernetesModel.bind(deployment, Deployment.class));

        assertTrue(rejected.getMessage().contains("replcas"), rejected.getMessage());
    }

    @Test
    void misspeltFieldOfAStrimziResourceIsRejectedByStrimzisModel() throws Exception {
        JsonNode topic = yaml("""
                apiVersion: kafka.strimzi.io/v1
                kind: KafkaTopic
                metadata: {name: orders}
                spec:
                  topicName: orders
                  partitons: 12
                """);

        AssertionError rejected = assertThrows(AssertionError.class, () -> assertMatchesSchema(topic));

        assertTrue(rejected.getMessage().contains("partitons"), rejected.getMessage());
    }

    @Test
    void aStrimziResourceWithoutAFieldV1RequiresIsRejected() throws Exception {
        JsonNode user = yaml("""
                apiVersion: kafka.strimzi.io/v1
                kind: KafkaUser
                metadata: {name: producer}
                spec:
                  authorization:
                    type: simple
                    acls:
                      - resource: {type: topic, name: orders, patternType: literal}
                """);

        AssertionError rejected = assertThrows(AssertionError.class, () -> assertMatchesSchema(user));

        assertTrue(rejected.getMessage().contains("operations"), rejected.getMessage());
    }

    @Test
    void strimzisOldV1beta2ApiHasNoSchema() throws Exception {
        JsonNode kafka = yaml("""
                apiVersion: kafka.strimzi.io/v1beta2
                kind: Kafka
                metadata: {name: orders-kafka}
                spec: {}
                """);

        AssertionError rejected = assertThrows(AssertionError.class, () -> assertMatchesSchema(kafka));

        assertTrue(rejected.getMessage().contains("no schema for kafka.strimzi.io/v1beta2 Kafka"), rejected.getMessage());
        assertTrue(StrictKubernetesModel.TYPES.containsKey("kafka.strimzi.io/v1/Kafka"), "Strimzi's model, keyed by v1");
    }

    @Test
    void misspeltKedaTriggerSettingIsRejected() throws Exception {
        JsonNode scaledObject = yaml("""
                apiVersion: keda.sh/v1alpha1
                kind: ScaledObject
                metadata: {name: consumer}
                spec:
                  triggers:
                    - type: kafka
                      metadata: {topic: orders, lagTreshold: "1000"}
                """);

        assertEquals(List.of("spec.triggers[kafka].metadata.lagTreshold"), CustomResourceShapes.unknownFields(scaledObject));
    }

    static void assertMatchesSchema(JsonNode tree) {
        if (StrictKubernetesModel.typeOf(tree).isPresent()) {
            StrictKubernetesModel.bind(tree, StrictKubernetesModel.typeOf(tree).get());
        } else if (CustomResourceShapes.isKnown(tree)) {
            assertEquals(List.of(), CustomResourceShapes.unknownFields(tree), "fields outside the known shape");
        } else {
            fail("no schema for " + tree.path("apiVersion").asText() + " " + tree.path("kind").asText()
                    + ": not a kind the model classes of StrictKubernetesModel serve (nor KEDA's, CustomResourceShapes)");
        }
    }

    private static JsonNode yaml(String text) throws Exception {
        return ManifestFiles.YAML.readTree(text);
    }
}

package io.datastreamscaling.local.k8s;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.introspect.Annotated;
import com.fasterxml.jackson.databind.introspect.JacksonAnnotationIntrospector;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import java.util.Map;
import java.util.Optional;

/**
 * Binds manifests to the fabric8 Kubernetes model, rejecting every field the schema does not know.
 *
 * <p>fabric8's model classes collect unknown fields in an {@code additionalProperties} map through a
 * {@code @JsonAnySetter}, which makes {@code FAIL_ON_UNKNOWN_PROPERTIES} a no-op. This mapper's
 * introspector ignores any-setters, so a misspelt {@code readinesProbe} fails with its path instead of
 * being kept, applied by nobody, and discovered in production.
 */
final class StrictKubernetesModel {
    /** The built-in kinds the manifests use, by {@code apiVersion/kind}. */
    static final Map<String, Class<?>> TYPES = Map.of(
            "v1/Namespace", Namespace.class,
            "v1/ConfigMap", ConfigMap.class,
            "v1/Secret", Secret.class,
            "v1/Service", Service.class,
            "apps/v1/Deployment", Deployment.class,
            "apps/v1/StatefulSet", StatefulSet.class,
            "autoscaling/v2/HorizontalPodAutoscaler", HorizontalPodAutoscaler.class,
            "policy/v1/PodDisruptionBudget", PodDisruptionBudget.class);

    private static final ObjectMapper MAPPER = JsonMapper.builder()
            .annotationIntrospector(new JacksonAnnotationIntrospector() {
                @Override
                public Boolean hasAnySetter(Annotated annotated) {
                    return Boolean.FALSE;
                }
            })
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .build();

    private StrictKubernetesModel() {
    }

    static Optional<Class<?>> typeOf(JsonNode tree) {
        return Optional.ofNullable(TYPES.get(tree.path("apiVersion").asText() + "/" + tree.path("kind").asText()));
    }

    /** The manifest as its model class; throws with the offending path if any field is unknown. */
    static <T> T bind(JsonNode tree, Class<T> type) {
        try {
            return MAPPER.treeToValue(tree, type);
        } catch (JsonProcessingException e) {
            throw new AssertionError(type.getSimpleName() + " does not match the Kubernetes schema: " + e.getOriginalMessage()
                    + " at " + e.getLocation() + " path " + pathOf(e), e);
        }
    }

    private static String pathOf(JsonProcessingException e) {
        return e instanceof JsonMappingException m ? m.getPathReference() : "?";
    }
}

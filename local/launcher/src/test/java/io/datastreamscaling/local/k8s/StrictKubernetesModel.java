package io.datastreamscaling.local.k8s;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.BeanDescription;
import com.fasterxml.jackson.databind.DeserializationConfig;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyName;
import com.fasterxml.jackson.databind.deser.BeanDeserializerBuilder;
import com.fasterxml.jackson.databind.deser.BeanDeserializerModifier;
import com.fasterxml.jackson.databind.introspect.Annotated;
import com.fasterxml.jackson.databind.introspect.JacksonAnnotationIntrospector;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.module.SimpleModule;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.fabric8.openshift.api.model.monitoring.v1.PodMonitor;
import io.fabric8.openshift.api.model.monitoring.v1.PrometheusRule;
import io.fabric8.openshift.api.model.monitoring.v1.ServiceMonitor;
import io.strimzi.crdgenerator.annotations.PresentInVersions;
import io.strimzi.crdgenerator.annotations.RequiredInVersions;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Binds manifests to model classes generated from the real schemas, rejecting every field the schema
 * does not know: fabric8's Kubernetes model (generated from the Kubernetes API's OpenAPI document),
 * fabric8's model of the Prometheus operator's CRDs, and Strimzi's own model classes (from which
 * Strimzi generates its CRDs).
 *
 * <p>Each class is keyed by the {@code apiVersion} and {@code kind} its own annotations declare, Strimzi's
 * by {@code kafka.strimzi.io/v1}, so a manifest on an API version current Strimzi no longer serves
 * ({@code v1beta2}) finds no schema, and fields that exist only in older versions are unknown.
 *
 * <p>These models collect unknown fields in an {@code additionalProperties} map through a
 * {@code @JsonAnySetter}, which makes {@code FAIL_ON_UNKNOWN_PROPERTIES} a no-op. This mapper's
 * introspector ignores any-setters, so a misspelt {@code readinesProbe} fails with its path instead of
 * being kept, applied by nobody, and discovered in production.
 */
final class StrictKubernetesModel {
    /**
     * Strimzi's model classes, loaded by name: compiling against them would make javac look for the
     * annotation types of Strimzi's unpublished crd-generator and warn (-Werror) about each.
     */
    static final List<String> STRIMZI_MODELS = List.of("io.strimzi.api.kafka.model.kafka.Kafka",
            "io.strimzi.api.kafka.model.nodepool.KafkaNodePool", "io.strimzi.api.kafka.model.topic.KafkaTopic",
            "io.strimzi.api.kafka.model.user.KafkaUser");

    private static final List<Class<? extends HasMetadata>> MODELS = Stream.concat(Stream.of(
            Namespace.class, ConfigMap.class, Secret.class, Service.class, Deployment.class, StatefulSet.class,
            HorizontalPodAutoscaler.class, PodDisruptionBudget.class, NetworkPolicy.class,
            ServiceMonitor.class, PodMonitor.class, PrometheusRule.class),
            STRIMZI_MODELS.stream().map(StrictKubernetesModel::strimziModel)).toList();

    /** The kinds the manifests may use, by {@code apiVersion/kind} as the model classes declare them. */
    static final Map<String, Class<? extends HasMetadata>> TYPES = MODELS.stream()
            .collect(Collectors.toUnmodifiableMap(StrictKubernetesModel::key, Function.identity()));

    /** The Strimzi API version the manifests must use: the only one Strimzi 1.x serves. */
    static final String STRIMZI_VERSION = "v1";
    private static final List<String> STRIMZI_VERSIONS = List.of("v1alpha1", "v1beta1", "v1beta2", "v1");

    private static final ObjectMapper MAPPER = JsonMapper.builder()
            .annotationIntrospector(new JacksonAnnotationIntrospector() {
                @Override
                public Boolean hasAnySetter(Annotated annotated) {
                    return Boolean.FALSE;
                }
            })
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .addModule(new SimpleModule().setDeserializerModifier(new BeanDeserializerModifier() {
                @Override
                public BeanDeserializerBuilder updateBuilder(DeserializationConfig config, BeanDescription bean,
                        BeanDeserializerBuilder builder) {
                    // Strimzi's model holds every API version's fields in one class; a field whose
                    // versions end before v1 (e.g. KafkaUser's acl "operation") is unknown in v1.
                    List<PropertyName> gone = new ArrayList<>();
                    builder.getProperties().forEachRemaining(property -> {
                        PresentInVersions versions = property.getAnnotation(PresentInVersions.class);
                        if (versions != null && !inV1(versions.value())) {
                            gone.add(property.getFullName());
                        }
                    });
                    gone.forEach(builder::removeProperty);
                    return builder;
                }
            }))
            // Strimzi's enums (listener types, ACL operations): a number is not a name.
            .enable(DeserializationFeature.FAIL_ON_NUMBERS_FOR_ENUMS)
            .build();

    private StrictKubernetesModel() {
    }

    /**
     * {@code group/version/kind}. Strimzi's classes declare their storage version (v1beta2 in 0.51) and
     * list the versions they model in {@code VERSIONS}: they are keyed by v1, which they must list.
     */
    static String key(Class<? extends HasMetadata> type) {
        String group = HasMetadata.getGroup(type);
        if (group != null && group.equals("kafka.strimzi.io")) {
            if (!strimziVersions(type).contains(STRIMZI_VERSION)) {
                throw new IllegalStateException(type.getName() + " does not model kafka.strimzi.io/" + STRIMZI_VERSION);
            }
            return group + "/" + STRIMZI_VERSION + "/" + HasMetadata.getKind(type);
        }
        return HasMetadata.getApiVersion(type) + "/" + HasMetadata.getKind(type);
    }

    private static Class<? extends HasMetadata> strimziModel(String name) {
        try {
            return Class.forName(name).asSubclass(HasMetadata.class);
        } catch (ClassNotFoundException e) {
            throw new IllegalStateException("Strimzi's model (io.strimzi:api, test scope) is not on the classpath", e);
        }
    }

    /** Adds the path of every field of a Strimzi model object graph that v1 requires and the manifest left out. */
    private static void missingInV1(Object model, String path, List<String> missing) {
        if (model == null || !model.getClass().getName().startsWith("io.strimzi.")) {
            return;
        }
        for (Method getter : model.getClass().getMethods()) {
            if (getter.getParameterCount() != 0 || !getter.getName().startsWith("get") || getter.getName().equals("getClass")) {
                continue;
            }
            Object value;
            try {
                value = getter.invoke(model);
            } catch (ReflectiveOperationException e) {
                throw new IllegalStateException(getter.toString(), e);
            }
            String field = path + "." + Character.toLowerCase(getter.getName().charAt(3)) + getter.getName().substring(4);
            RequiredInVersions required = getter.getAnnotation(RequiredInVersions.class);
            if (required != null && inV1(required.value()) && value == null) {
                missing.add(field);
            }
            if (value instanceof List<?> list) {
                for (int i = 0; i < list.size(); i++) {
                    missingInV1(list.get(i), field + "[" + i + "]", missing);
                }
            } else {
                missingInV1(value, field, missing);
            }
        }
    }

    /** The API versions a Strimzi model class covers (its public static {@code VERSIONS}). */
    @SuppressWarnings("unchecked")
    static List<String> strimziVersions(Class<?> type) {
        try {
            return (List<String>) type.getField("VERSIONS").get(null);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException(type + " has no VERSIONS", e);
        }
    }

    /** Whether a Strimzi version range ("v1beta2", "v1beta2+", "v1alpha1-v1beta2") includes v1. */
    static boolean inV1(String range) {
        if (range.endsWith("+")) {
            return STRIMZI_VERSIONS.contains(range.substring(0, range.length() - 1));
        }
        int dash = range.indexOf('-');
        return (dash < 0 ? range : range.substring(dash + 1)).equals(STRIMZI_VERSION);
    }

    static Optional<Class<? extends HasMetadata>> typeOf(JsonNode tree) {
        return Optional.ofNullable(TYPES.get(tree.path("apiVersion").asText() + "/" + tree.path("kind").asText()));
    }

    /** The manifest as its model class; throws with the offending path if any field is unknown (or, for Strimzi, missing). */
    static <T> T bind(JsonNode tree, Class<T> type) {
        try {
            T bound = MAPPER.treeToValue(tree, type);
            List<String> missing = new ArrayList<>();
            missingInV1(bound, type.getSimpleName(), missing);
            if (!missing.isEmpty()) {
                throw new AssertionError(type.getSimpleName() + " lacks fields kafka.strimzi.io/v1 requires: " + missing);
            }
            return bound;
        } catch (JsonProcessingException | IllegalArgumentException e) {
            String path = e instanceof JsonMappingException m ? m.getPathReference() : "?";
            String message = e instanceof JsonProcessingException p ? p.getOriginalMessage() : e.getMessage();
            throw new AssertionError(type.getSimpleName() + " does not match its schema: " + message + " path " + path, e);
        }
    }
}

package io.strimzi.crdgenerator.annotations;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * The annotation Strimzi's model classes carry on every field an API version requires (e.g.
 * {@code "v1+"}); declared here for the same reason as {@link PresentInVersions}, so the k8s/ checks
 * (StrictKubernetesModel) can refuse a resource that lacks a field kafka.strimzi.io/v1 requires.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.METHOD, ElementType.FIELD, ElementType.TYPE})
public @interface RequiredInVersions {
    String value();
}

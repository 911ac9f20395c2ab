package io.strimzi.crdgenerator.annotations;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * The annotation Strimzi's model classes carry on every field that exists only in some API versions
 * (e.g. {@code "v1alpha1-v1beta2"}). Strimzi's own copy is in its crd-generator, which is not published;
 * with this declaration of the same name the JVM can read the annotation, and the k8s/ checks
 * (StrictKubernetesModel) can refuse the fields kafka.strimzi.io/v1 no longer has.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.METHOD, ElementType.FIELD, ElementType.TYPE})
public @interface PresentInVersions {
    String value();
}

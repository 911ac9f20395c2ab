package io.datastreamscaling.local.scaling;

/**
 * Numbers the scaling demo and the Kubernetes manifests share. Twelve partitions let the demo grow a
 * group from 1 to 12 consumers, and 12 divides evenly by 1, 2, 3, 4, 6 and 12, so most replica
 * counts get equal shares of partitions.
 */
public final class ScalingDemo {
    /** Partitions of {@code orders} in the scaling demo and in {@code k8s/} (KafkaTopic and maxReplicaCount). */
    public static final int ORDERS_PARTITIONS = 12;

    private ScalingDemo() {
    }
}

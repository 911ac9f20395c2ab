package io.datastreamscaling.local.scaling;

import io.datastreamscaling.shared.config.Env;
import io.datastreamscaling.shared.config.InvalidSettingException;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The parameters of the {@link ScalingPolicy}, named after the KEDA Kafka trigger fields they mirror.
 * The Kubernetes manifests ({@code k8s/base/consumer/scaledobject.yaml}) carry the same numbers as the
 * defaults here; {@code K8sConsistencyTest} fails when the two drift apart.
 *
 * @param lagThreshold records of lag one replica is expected to work off (KEDA {@code lagThreshold})
 * @param activationLagThreshold total lag at or below which the group counts as idle and falls to
 *        {@code minReplicas}, possibly zero (KEDA {@code activationLagThreshold})
 * @param minReplicas fewest replicas (KEDA {@code minReplicaCount}); 0 allows scale to zero
 * @param maxReplicas most replicas (KEDA {@code maxReplicaCount}); the policy also never exceeds the
 *        partition count, since a consumer without a partition sits idle
 * @param scaleDownStabilization how long a lower recommendation must persist before replicas are
 *        removed (HPA {@code behavior.scaleDown.stabilizationWindowSeconds})
 * @param offsetResetPolicy how to count a partition with no committed offset; must match the
 *        consumer's {@code auto.offset.reset} (KEDA {@code offsetResetPolicy})
 * @param scaleToZeroOnInvalidOffset count a partition with no committed offset as lag 0 (KEDA
 *        {@code scaleToZeroOnInvalidOffset})
 * @param excludePersistentLag count a partition whose committed offset did not move since the last
 *        evaluation as lag 0, so a stuck partition does not add replicas (KEDA {@code excludePersistentLag})
 * @param limitToPartitionsWithLag never more replicas than partitions that have lag (KEDA
 *        {@code limitToPartitionsWithLag})
 */
public record ScalingPolicySettings(
        long lagThreshold,
        long activationLagThreshold,
        int minReplicas,
        int maxReplicas,
        Duration scaleDownStabilization,
        OffsetResetPolicy offsetResetPolicy,
        boolean scaleToZeroOnInvalidOffset,
        boolean excludePersistentLag,
        boolean limitToPartitionsWithLag) {

    public static final String LAG_THRESHOLD = "SCALING_LAG_THRESHOLD";
    public static final String ACTIVATION_LAG_THRESHOLD = "SCALING_ACTIVATION_LAG_THRESHOLD";
    public static final String MIN_REPLICAS = "SCALING_MIN_REPLICAS";
    public static final String MAX_REPLICAS = "SCALING_MAX_REPLICAS";
    public static final String SCALE_DOWN_STABILIZATION_MS = "SCALING_SCALE_DOWN_STABILIZATION_MS";
    public static final String OFFSET_RESET_POLICY = "SCALING_OFFSET_RESET_POLICY";
    public static final String SCALE_TO_ZERO_ON_INVALID_OFFSET = "SCALING_SCALE_TO_ZERO_ON_INVALID_OFFSET";
    public static final String EXCLUDE_PERSISTENT_LAG = "SCALING_EXCLUDE_PERSISTENT_LAG";
    public static final String LIMIT_TO_PARTITIONS_WITH_LAG = "SCALING_LIMIT_TO_PARTITIONS_WITH_LAG";

    public static final Set<String> VARIABLES = Set.of(LAG_THRESHOLD, ACTIVATION_LAG_THRESHOLD, MIN_REPLICAS,
            MAX_REPLICAS, SCALE_DOWN_STABILIZATION_MS, OFFSET_RESET_POLICY, SCALE_TO_ZERO_ON_INVALID_OFFSET,
            EXCLUDE_PERSISTENT_LAG, LIMIT_TO_PARTITIONS_WITH_LAG);

    /**
     * One replica per 1000 records of lag: at steady load a healthy group's lag stays at a few
     * hundred records between commits, so only a real backlog adds replicas.
     */
    public static final long DEFAULT_LAG_THRESHOLD = 1000;
    public static final long DEFAULT_ACTIVATION_LAG_THRESHOLD = 0;
    public static final int DEFAULT_MIN_REPLICAS = 1;
    /** The partition count of {@code orders} in the scaling demo and on Kubernetes. */
    public static final int DEFAULT_MAX_REPLICAS = ScalingDemo.ORDERS_PARTITIONS;
    /** Long enough to ride out the gaps of a bursty producer, short enough to watch in a demo. */
    public static final Duration DEFAULT_SCALE_DOWN_STABILIZATION = Duration.ofSeconds(60);
    /** The consumer's {@code auto.offset.reset} default: a new group reads the topic from the start. */
    public static final OffsetResetPolicy DEFAULT_OFFSET_RESET_POLICY = OffsetResetPolicy.EARLIEST;

    /** What a consumer without a committed offset does, so what its lag is (Kafka {@code auto.offset.reset}). */
    public enum OffsetResetPolicy {
        EARLIEST, LATEST;

        /** The spelling of {@code auto.offset.reset} and of KEDA's {@code offsetResetPolicy}. */
        public String configValue() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    public ScalingPolicySettings {
        if (lagThreshold < 1) {
            throw new InvalidSettingException(LAG_THRESHOLD, lagThreshold + " must be at least 1");
        }
        if (maxReplicas < Math.max(1, minReplicas)) {
            throw new InvalidSettingException(MAX_REPLICAS,
                    maxReplicas + " must be at least 1 and at least " + MIN_REPLICAS + " (" + minReplicas + ")");
        }
    }

    public static ScalingPolicySettings defaults() {
        return from(Env.of(Map.of()));
    }

    public static ScalingPolicySettings from(Env env) {
        return new ScalingPolicySettings(
                env.longValue(LAG_THRESHOLD, DEFAULT_LAG_THRESHOLD, 1, Long.MAX_VALUE),
                env.longValue(ACTIVATION_LAG_THRESHOLD, DEFAULT_ACTIVATION_LAG_THRESHOLD, 0, Long.MAX_VALUE),
                env.integer(MIN_REPLICAS, DEFAULT_MIN_REPLICAS, 0, 10_000),
                env.integer(MAX_REPLICAS, DEFAULT_MAX_REPLICAS, 1, 10_000),
                env.millis(SCALE_DOWN_STABILIZATION_MS, DEFAULT_SCALE_DOWN_STABILIZATION, Duration.ZERO, Duration.ofHours(1)),
                OffsetResetPolicy.valueOf(env.choice(OFFSET_RESET_POLICY, DEFAULT_OFFSET_RESET_POLICY.configValue(),
                        Set.of("earliest", "latest")).toUpperCase(Locale.ROOT)),
                env.bool(SCALE_TO_ZERO_ON_INVALID_OFFSET, false),
                env.bool(EXCLUDE_PERSISTENT_LAG, false),
                env.bool(LIMIT_TO_PARTITIONS_WITH_LAG, false));
    }
}

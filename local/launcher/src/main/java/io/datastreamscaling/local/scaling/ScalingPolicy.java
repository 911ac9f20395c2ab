package io.datastreamscaling.local.scaling;

import java.time.Instant;
import java.util.List;

/**
 * Decides how many consumers a group should run, the way KEDA's Kafka scaler and the Kubernetes HPA
 * decide together, so that the local demo ({@code --scale}) and the cluster ({@code k8s/}) behave the
 * same for the same settings.
 *
 * <ol>
 *   <li>Lag per partition by KEDA's rules, including partitions without a committed offset
 *       ({@link LagRules}).</li>
 *   <li>Activation: if the total lag (persistent lag included) is at or below
 *       {@code activationLagThreshold}, the group is idle and gets {@code minReplicas}, which may be 0.</li>
 *   <li>Otherwise {@code ceil(totalLag / lagThreshold)}, never above the partition count (a consumer
 *       beyond it owns no partition: KEDA's default {@code allowIdleConsumers=false}, the only mode
 *       supported here), nor above the partitions with lag when {@code limitToPartitionsWithLag}, then
 *       clamped to [{@code max(1, minReplicas)}, {@code min(maxReplicas, partitions)}]; {@code minReplicas}
 *       wins if the topic has fewer partitions.</li>
 *   <li>Scale-up at once; scale-down only to the highest recommendation of the stabilization window
 *       ({@link ScaleDownStabilizer}), so the gaps of a bursty load do not remove and re-add consumers,
 *       each time paying a rebalance.</li>
 * </ol>
 * The HPA's 10 % tolerance band is not modelled: with whole replicas and a lag threshold the
 * stabilization window already absorbs the jitter it exists for.
 *
 * <p><b>The transaction-marker "lag of 1".</b> A transactional producer (our Streams app with
 * {@code exactly_once_v2}) writes a commit marker after each transaction; it takes an offset but is
 * never returned as a record. A consumer that commits {@code lastRecord.offset() + 1} (as a sink that
 * stores offsets with its rows does) commits an offset <em>before</em> the marker, so each such
 * partition shows lag 1 forever. KEDA then never sees lag 0, the group never deactivates, and scaling
 * to zero never happens. Remedies: commit {@code consumer.position(partition)}, which the client has
 * already moved past the marker; or set {@code activationLagThreshold} to at least the partition
 * count; or {@code excludePersistentLag}. Our {@code orders} topic is written by an idempotent, not
 * transactional, producer, so it has no markers, but topics written by Streams do.
 *
 * <p>Pure apart from its memory of past evaluations: no clock, no I/O. Time is passed in. Not
 * thread-safe; evaluate from one thread.
 */
public final class ScalingPolicy {
    private final ScalingPolicySettings settings;
    private final LagRules lagRules;
    private final ScaleDownStabilizer stabilizer;

    public ScalingPolicy(ScalingPolicySettings settings) {
        this.settings = settings;
        this.lagRules = new LagRules(settings);
        this.stabilizer = new ScaleDownStabilizer(settings.scaleDownStabilization());
    }

    public ScalingPolicySettings settings() {
        return settings;
    }

    /**
     * One evaluation.
     *
     * @param now the time of this evaluation (only compared with earlier ones)
     * @param currentReplicas consumers running now
     * @param offsets one entry per partition of the topic
     */
    public ScalingDecision decide(Instant now, int currentReplicas, List<PartitionOffsets> offsets) {
        if (offsets.isEmpty()) {
            return new ScalingDecision(currentReplicas, currentReplicas, currentReplicas,
                    new LagSummary(0, 0, 0, 0, 0), "hold " + currentReplicas + ": the topic has no partitions yet");
        }
        LagSummary lag = lagRules.summarize(offsets);
        Recommendation recommendation = recommend(lag);
        int highest = stabilizer.highestWithinWindow(now, recommendation.replicas());
        int recommended = recommendation.replicas();
        String because = recommendation.reason() + noCommitNote(lag);
        if (recommended > currentReplicas) {
            return new ScalingDecision(currentReplicas, recommended, recommended, lag,
                    "scale up " + currentReplicas + " -> " + recommended + ": " + because);
        }
        int desired = Math.min(currentReplicas, highest);
        String reason;
        if (desired == currentReplicas && recommended < currentReplicas) {
            reason = "hold " + currentReplicas + ", not " + recommended + ": the highest recommendation in the last "
                    + settings.scaleDownStabilization().toSeconds() + " s was " + highest + " (" + because + ")";
        } else if (desired < currentReplicas) {
            reason = "scale down " + currentReplicas + " -> " + desired + ": " + because;
        } else {
            reason = "hold " + currentReplicas + ": " + because;
        }
        return new ScalingDecision(currentReplicas, desired, recommended, lag, reason);
    }

    private record Recommendation(int replicas, String reason) {
    }

    private Recommendation recommend(LagSummary lag) {
        if (lag.activationLag() <= settings.activationLagThreshold()) {
            return new Recommendation(settings.minReplicas(), "lag " + lag.activationLag() + " <= activation threshold "
                    + settings.activationLagThreshold() + ", idle: min " + settings.minReplicas());
        }
        long byLag = ceilDiv(lag.scalingLag(), settings.lagThreshold());
        String arithmetic = "lag " + lag.scalingLag() + " / " + settings.lagThreshold() + " per replica = " + byLag;
        int upper = Math.min(settings.maxReplicas(), lag.partitions());
        String upperName = settings.maxReplicas() <= lag.partitions() ? "max " + settings.maxReplicas() : lag.partitions() + " partitions";
        if (settings.limitToPartitionsWithLag() && lag.partitionsWithLag() < upper) {
            upper = lag.partitionsWithLag();
            upperName = lag.partitionsWithLag() + " partitions with lag";
        }
        int lower = Math.max(1, settings.minReplicas());
        if (byLag > upper && upper >= lower) {
            return new Recommendation(upper, arithmetic + ", capped at " + upperName);
        }
        if (byLag < lower || upper < lower) {
            return new Recommendation(lower, arithmetic + ", raised to min " + lower);
        }
        return new Recommendation((int) byLag, arithmetic);
    }

    private String noCommitNote(LagSummary lag) {
        if (lag.partitionsWithoutCommit() == 0) {
            return "";
        }
        String rule = settings.scaleToZeroOnInvalidOffset() ? "0 (scaleToZeroOnInvalidOffset)"
                : settings.offsetResetPolicy() == ScalingPolicySettings.OffsetResetPolicy.LATEST ? "1 (offsetResetPolicy=latest)"
                : "their log-end offset (offsetResetPolicy=earliest)";
        return "; " + lag.partitionsWithoutCommit() + " partition(s) without committed offset counted as " + rule;
    }

    private static long ceilDiv(long dividend, long divisor) {
        return -Math.floorDiv(-dividend, divisor);
    }
}

package io.datastreamscaling.local.scaling;

/**
 * What the {@link ScalingPolicy} decided at one evaluation.
 *
 * @param currentReplicas replicas when the evaluation started
 * @param desiredReplicas replicas to run now (after scale-down stabilization)
 * @param recommendedReplicas what the lag alone asks for, before stabilization
 * @param lag the lag the decision was made from
 * @param reason one human line: the arithmetic and the rule that decided
 */
public record ScalingDecision(int currentReplicas, int desiredReplicas, int recommendedReplicas, LagSummary lag, String reason) {

    /** Whether replicas are to be added or removed. */
    public boolean changesReplicas() {
        return desiredReplicas != currentReplicas;
    }
}

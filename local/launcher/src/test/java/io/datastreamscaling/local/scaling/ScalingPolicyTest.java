package io.datastreamscaling.local.scaling;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.datastreamscaling.shared.config.Env;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The policy as tables of offsets in and replicas out. Offsets are written {@code end@committed} per
 * partition ({@code -} = nothing committed), {@code Nx} repeats an entry for N partitions: {@code 12x250@0}
 * is 12 partitions, each with log-end offset 250 and committed offset 0. The lag threshold is the
 * default, 1000 records per replica.
 */
class ScalingPolicyTest {
    private static final Instant T0 = Instant.parse("2025-01-01T00:00:00Z");

    @ParameterizedTest(name = "min {0}, max {1}, {2} running, offsets [{3}] -> {4}")
    @CsvSource(delimiter = '|', textBlock = """
            # min | max | running | offsets           | desired | reason contains
              1   | 12  | 1       | 12x250@250        | 1       | idle: min 1
              0   | 12  | 1       | 12x250@250        | 0       | idle: min 0
              2   | 12  | 2       | 12x0@0            | 2       | idle: min 2
              1   | 12  | 1       | 1000@0            | 1       | lag 1000 / 1000 per replica = 1
              1   | 12  | 1       | 12x250@0          | 3       | lag 3000 / 1000 per replica = 3
              1   | 12  | 1       | 3001@0 11x0@0     | 4       | lag 3001 / 1000 per replica = 4
              1   | 12  | 1       | 999@0             | 1       | lag 999 / 1000 per replica = 1
              0   | 12  | 0       | 1@0               | 1       | scale up 0 -> 1
              1   | 12  | 1       | 4x100000@0        | 4       | capped at 4 partitions
              1   | 3   | 1       | 12x1000@0         | 3       | capped at max 3
              1   | 24  | 1       | 12x5000@0         | 12      | capped at 12 partitions
              6   | 12  | 6       | 4x100000@0        | 6       | raised to min 6
              1   | 12  | 12      | 12x1000@0         | 12      | hold 12
            """)
    void desiredReplicasAreLagOverThresholdClampedToMinAndPartitions(int min, int max, int running, String offsets,
            int desired, String reasonFragment) {
        ScalingPolicy policy = policy(Map.of(ScalingPolicySettings.MIN_REPLICAS, Integer.toString(min),
                ScalingPolicySettings.MAX_REPLICAS, Integer.toString(max)));

        ScalingDecision decision = policy.decide(T0, running, offsets(offsets));

        assertEquals(desired, decision.desiredReplicas(), decision.reason());
        assertTrue(decision.reason().contains(reasonFragment), () -> "reason '" + decision.reason() + "' lacks '" + reasonFragment + "'");
    }

    @ParameterizedTest(name = "offsetResetPolicy={0}, scaleToZeroOnInvalidOffset={1}, [{2}] -> lag {3}, {4} replicas")
    @CsvSource(delimiter = '|', textBlock = """
            # reset  | zero  | offsets            | lag  | desired
              earliest | false | 5000@- 11x0@0     | 5000 | 5
              earliest | false | 12x0@-             | 0    | 0
              latest   | false | 5000@- 11x0@0      | 1    | 1
              latest   | false | 12x5000@-          | 12   | 1
              latest   | true  | 12x5000@-          | 0    | 0
              earliest | true  | 12x5000@-          | 0    | 0
              earliest | true  | 5000@- 2000@0      | 2000 | 2
            """)
    void partitionsWithoutCommittedOffsetCountAsKedaCountsThem(String reset, boolean scaleToZero, String offsets,
            long expectedLag, int desired) {
        ScalingPolicy policy = policy(Map.of(ScalingPolicySettings.MIN_REPLICAS, "0",
                ScalingPolicySettings.OFFSET_RESET_POLICY, reset,
                ScalingPolicySettings.SCALE_TO_ZERO_ON_INVALID_OFFSET, Boolean.toString(scaleToZero)));

        ScalingDecision decision = policy.decide(T0, 0, offsets(offsets));

        assertEquals(expectedLag, decision.lag().scalingLag(), decision.reason());
        assertEquals(desired, decision.desiredReplicas(), decision.reason());
    }

    @ParameterizedTest(name = "window {0}s, lag every 10s [{1}] -> replicas [{2}]")
    @CsvSource(delimiter = '|', textBlock = """
            # window s | total lag at t = 0, 10, 20, ...       | replicas after each evaluation
              60       | 8000 8000 1000 1000 1000 1000 1000 1000 1000 | 8 8 8 8 8 8 8 8 1
              60       | 1000 8000                              | 1 8
              60       | 8000 1000 12000                        | 8 8 12
              60       | 8000 0 8000 0 8000 0 8000 0            | 8 8 8 8 8 8 8 8
              30       | 9000 3000 3000 3000 3000 3000 0        | 9 9 9 9 3 3 3
              0        | 8000 1000 8000 1000                    | 8 1 8 1
            """)
    void scaleDownWaitsForTheStabilizationWindowWhileScaleUpIsImmediate(int windowSeconds, String lags, String expected) {
        ScalingPolicy policy = policy(Map.of(ScalingPolicySettings.SCALE_DOWN_STABILIZATION_MS, Long.toString(windowSeconds * 1000L)));
        List<Integer> replicas = new ArrayList<>();
        int running = 1;
        long[] lagSequence = Arrays.stream(lags.trim().split("\\s+")).mapToLong(Long::parseLong).toArray();

        for (int i = 0; i < lagSequence.length; i++) {
            running = policy.decide(T0.plusSeconds(10L * i), running, withTotalLag(lagSequence[i])).desiredReplicas();
            replicas.add(running);
        }

        assertEquals(expected.trim(), String.join(" ", replicas.stream().map(String::valueOf).toList()));
    }

    @Test
    void heldScaleDownSaysWhichRecommendationHoldsIt() {
        ScalingPolicy policy = policy(Map.of());
        policy.decide(T0, 1, withTotalLag(8000));

        ScalingDecision held = policy.decide(T0.plusSeconds(10), 8, withTotalLag(1000));

        assertEquals(8, held.desiredReplicas());
        assertEquals(1, held.recommendedReplicas());
        assertTrue(held.reason().startsWith("hold 8, not 1: the highest recommendation in the last 60 s was 8"), held.reason());
    }

    @Test
    void stuckPartitionAddsNoReplicasWhenPersistentLagIsExcluded() {
        ScalingPolicy policy = policy(Map.of(ScalingPolicySettings.EXCLUDE_PERSISTENT_LAG, "true",
                ScalingPolicySettings.SCALE_DOWN_STABILIZATION_MS, "0"));

        ScalingDecision first = policy.decide(T0, 1, offsets("5000@0 11x0@0"));
        ScalingDecision stuck = policy.decide(T0.plusSeconds(10), first.desiredReplicas(), offsets("5000@0 11x0@0"));
        ScalingDecision moving = policy.decide(T0.plusSeconds(20), stuck.desiredReplicas(), offsets("5000@10 11x0@0"));

        assertEquals(5, first.desiredReplicas(), first.reason());
        assertEquals(1, stuck.desiredReplicas(), stuck.reason());
        assertEquals(5000, stuck.lag().activationLag(), "persistent lag still counts for activation");
        assertEquals(5, moving.desiredReplicas(), moving.reason());
    }

    @ParameterizedTest(name = "activation threshold {0}, 12 partitions each with lag 1 -> {1} replicas")
    @CsvSource({"0, 1", "11, 1", "12, 0"})
    void transactionMarkerLagOfOneBlocksScaleToZeroUnlessActivationThresholdCoversIt(long activation, int desired) {
        ScalingPolicy policy = policy(Map.of(ScalingPolicySettings.MIN_REPLICAS, "0",
                ScalingPolicySettings.ACTIVATION_LAG_THRESHOLD, Long.toString(activation)));

        ScalingDecision decision = policy.decide(T0, 1, offsets("12x101@100"));

        assertEquals(desired, decision.desiredReplicas(), decision.reason());
    }

    @Test
    void limitToPartitionsWithLagCapsReplicasAtBusyPartitions() {
        ScalingPolicy policy = policy(Map.of(ScalingPolicySettings.LIMIT_TO_PARTITIONS_WITH_LAG, "true"));

        ScalingDecision decision = policy.decide(T0, 1, offsets("50000@0 50000@0 10x0@0"));

        assertEquals(2, decision.desiredReplicas(), decision.reason());
        assertTrue(decision.reason().contains("capped at 2 partitions with lag"), decision.reason());
    }

    @Test
    void topicWithoutPartitionsHoldsTheCurrentCount() {
        ScalingDecision decision = policy(Map.of()).decide(T0, 3, List.of());

        assertEquals(3, decision.desiredReplicas());
        assertTrue(decision.reason().contains("no partitions"), decision.reason());
    }

    private static ScalingPolicy policy(Map<String, String> overrides) {
        return new ScalingPolicy(ScalingPolicySettings.from(Env.of(overrides)));
    }

    /** 12 partitions whose lags add up to {@code total}, spread as evenly as whole records allow. */
    private static List<PartitionOffsets> withTotalLag(long total) {
        List<PartitionOffsets> result = new ArrayList<>();
        for (int p = 0; p < 12; p++) {
            long lag = total / 12 + (p < total % 12 ? 1 : 0);
            result.add(PartitionOffsets.committed(p, 1_000_000 + lag, 1_000_000));
        }
        return result;
    }

    private static List<PartitionOffsets> offsets(String table) {
        List<PartitionOffsets> result = new ArrayList<>();
        for (String entry : table.trim().split("\\s+")) {
            int times = 1;
            int x = entry.indexOf('x');
            if (x > 0) {
                times = Integer.parseInt(entry.substring(0, x));
                entry = entry.substring(x + 1);
            }
            String[] endAndCommitted = entry.split("@");
            long end = Long.parseLong(endAndCommitted[0]);
            for (int i = 0; i < times; i++) {
                int partition = result.size();
                result.add("-".equals(endAndCommitted[1]) ? PartitionOffsets.uncommitted(partition, end)
                        : PartitionOffsets.committed(partition, end, Long.parseLong(endAndCommitted[1])));
            }
        }
        return result;
    }
}

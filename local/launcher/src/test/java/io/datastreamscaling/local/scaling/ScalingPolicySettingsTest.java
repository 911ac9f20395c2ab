package io.datastreamscaling.local.scaling;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.datastreamscaling.local.scaling.ScalingPolicySettings.OffsetResetPolicy;
import io.datastreamscaling.shared.config.Env;
import io.datastreamscaling.shared.config.InvalidSettingException;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ScalingPolicySettingsTest {

    @Test
    void defaultsMirrorKedaDefaultsExceptTheThresholdAndTheDemoPartitionCount() {
        ScalingPolicySettings defaults = ScalingPolicySettings.defaults();

        assertEquals(1000, defaults.lagThreshold());
        assertEquals(0, defaults.activationLagThreshold());
        assertEquals(1, defaults.minReplicas());
        assertEquals(ScalingDemo.ORDERS_PARTITIONS, defaults.maxReplicas());
        assertEquals(Duration.ofSeconds(60), defaults.scaleDownStabilization());
        assertEquals(OffsetResetPolicy.EARLIEST, defaults.offsetResetPolicy());
        assertFalse(defaults.scaleToZeroOnInvalidOffset());
        assertFalse(defaults.excludePersistentLag());
        assertFalse(defaults.limitToPartitionsWithLag());
    }

    @Test
    void variablesListsEveryVariableTheSettingsRead() {
        Env env = Env.of(Map.of());

        ScalingPolicySettings.from(env);

        assertEquals(ScalingPolicySettings.VARIABLES, env.effectiveConfig().keySet());
    }

    @Test
    void everySettingIsReadFromItsVariable() {
        ScalingPolicySettings settings = ScalingPolicySettings.from(Env.of(Map.of(
                "SCALING_LAG_THRESHOLD", "250", "SCALING_ACTIVATION_LAG_THRESHOLD", "12",
                "SCALING_MIN_REPLICAS", "0", "SCALING_MAX_REPLICAS", "6",
                "SCALING_SCALE_DOWN_STABILIZATION_MS", "15000", "SCALING_OFFSET_RESET_POLICY", "LATEST",
                "SCALING_SCALE_TO_ZERO_ON_INVALID_OFFSET", "true", "SCALING_EXCLUDE_PERSISTENT_LAG", "true",
                "SCALING_LIMIT_TO_PARTITIONS_WITH_LAG", "true")));

        assertEquals(new ScalingPolicySettings(250, 12, 0, 6, Duration.ofSeconds(15), OffsetResetPolicy.LATEST,
                true, true, true), settings);
    }

    @ParameterizedTest(name = "{0}={1} is rejected naming {2}")
    @CsvSource({
        "SCALING_LAG_THRESHOLD, 0, SCALING_LAG_THRESHOLD",
        "SCALING_LAG_THRESHOLD, many, SCALING_LAG_THRESHOLD",
        "SCALING_MIN_REPLICAS, -1, SCALING_MIN_REPLICAS",
        "SCALING_MAX_REPLICAS, 0, SCALING_MAX_REPLICAS",
        "SCALING_OFFSET_RESET_POLICY, none, SCALING_OFFSET_RESET_POLICY",
        "SCALING_SCALE_DOWN_STABILIZATION_MS, -5, SCALING_SCALE_DOWN_STABILIZATION_MS",
        "SCALING_EXCLUDE_PERSISTENT_LAG, maybe, SCALING_EXCLUDE_PERSISTENT_LAG",
    })
    void badValuesFailNamingTheVariable(String variable, String value, String named) {
        InvalidSettingException e = assertThrows(InvalidSettingException.class,
                () -> ScalingPolicySettings.from(Env.of(Map.of(variable, value))));

        assertTrue(e.getMessage().contains(named), e.getMessage());
    }

    @Test
    void maxBelowMinIsRejected() {
        InvalidSettingException e = assertThrows(InvalidSettingException.class, () -> ScalingPolicySettings.from(
                Env.of(Map.of("SCALING_MIN_REPLICAS", "4", "SCALING_MAX_REPLICAS", "3"))));

        assertTrue(e.getMessage().contains("SCALING_MAX_REPLICAS"), e.getMessage());
    }
}

package io.datastreamscaling.bench.scaling;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class ScalingBenchOptionsTest {

    @Test
    void defaultsMeasureOneTwoAndFourInstancesOnTwelvePartitions() {
        ScalingBenchOptions options = ScalingBenchOptions.parse();

        assertEquals(List.of(1, 2, 4), options.instances());
        assertEquals(12, options.partitions());
    }

    @Test
    void instanceCountsAndSizesAreParameters() {
        ScalingBenchOptions options = ScalingBenchOptions.parse("--instances", "1, 3,6", "--partitions", "24", "--records", "5000");

        assertEquals(List.of(1, 3, 6), options.instances());
        assertEquals(24, options.partitions());
        assertEquals(5000, options.records());
    }

    @Test
    void aBadValueNamesTheOption() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ScalingBenchOptions.parse("--instances", "1,zero"));

        assertTrue(e.getMessage().contains("--instances"), e.getMessage());
    }
}

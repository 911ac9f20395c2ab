package io.datastreamscaling.bench.report;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

class StatsTest {
    @Test
    void medianOfOddCountIsTheMiddleValueWhateverTheOutlier() {
        assertEquals(10.0, Stats.median(List.of(10.0, 1_000.0, 9.0)));
    }

    @Test
    void medianOfEvenCountIsTheMeanOfTheTwoMiddleValues() {
        assertEquals(9.5, Stats.median(List.of(10.0, 1.0, 9.0, 100.0)));
    }
}

package io.datastreamscaling.streams.topology;

import java.math.BigDecimal;

/** The tier thresholds: an amount below {@code mediumFrom} is LOW, from {@code highFrom} on HIGH. */
public record AmountTiers(BigDecimal mediumFrom, BigDecimal highFrom) {

    public AmountTier tierOf(BigDecimal amount) {
        if (amount.compareTo(highFrom) >= 0) {
            return AmountTier.HIGH;
        }
        return amount.compareTo(mediumFrom) >= 0 ? AmountTier.MEDIUM : AmountTier.LOW;
    }
}

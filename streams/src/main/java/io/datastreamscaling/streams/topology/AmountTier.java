package io.datastreamscaling.streams.topology;

/** How large an order is, for routing and per-tier counts. Thresholds: {@link AmountTiers}. */
public enum AmountTier {
    LOW, MEDIUM, HIGH
}

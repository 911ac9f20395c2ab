package io.datastreamscaling.streams.topology;

import java.math.BigDecimal;

/**
 * The running aggregate of one user's window: revenue summed as {@link BigDecimal} (a double would
 * drift by cents over thousands of orders) and the number of orders.
 */
public record Revenue(BigDecimal revenue, long orders) {
    public static final Revenue NONE = new Revenue(BigDecimal.ZERO.setScale(2), 0);

    public Revenue add(BigDecimal amount) {
        return new Revenue(revenue.add(amount), orders + 1);
    }
}

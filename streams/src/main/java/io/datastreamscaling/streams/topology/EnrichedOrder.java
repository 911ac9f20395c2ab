package io.datastreamscaling.streams.topology;

import io.datastreamscaling.shared.order.Order;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.UUID;

/**
 * The value on {@code orders.enriched} and {@code orders.high-value}: the order's own fields, flat, so
 * a reader of {@code orders} can read these too, plus its amount tier.
 */
public record EnrichedOrder(UUID orderId, String userId, BigDecimal amount, String currency, Instant createdAt,
                            AmountTier tier) {

    public static EnrichedOrder of(Order order, AmountTier tier) {
        return new EnrichedOrder(order.orderId(), order.userId(), order.amount(), order.currency(), order.createdAt(), tier);
    }
}

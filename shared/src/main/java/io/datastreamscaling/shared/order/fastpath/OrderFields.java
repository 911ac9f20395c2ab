package io.datastreamscaling.shared.order.fastpath;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.UUID;

/**
 * The five values of an order document as the fast path read them, before any validation: a field
 * that was absent or JSON {@code null} is {@code null}. Turning them into an {@code Order} (defaults,
 * the schema's rules) is the codec's job, the same for both paths.
 */
public record OrderFields(UUID orderId, String userId, BigDecimal amount, String currency, Instant createdAt) {
}

package io.datastreamscaling.shared.order;

/**
 * A record value that is not a valid order: bytes that are not JSON, JSON that is not an order
 * object, or an order that breaks the schema ({@link InvalidOrderException}).
 *
 * <p>Unchecked on purpose: Kafka's {@code Deserializer} contract cannot throw checked exceptions.
 */
public class OrderDecodingException extends RuntimeException {
    /** {@link #reason()} of bytes that are not an order object at all. */
    public static final String REASON_UNDECODABLE = "undecodable";
    /** {@link #reason()} of an order object that breaks the schema. */
    public static final String REASON_INVALID = "invalid";
    /** Every value {@link #reason()} can take: services register their DLQ counters for each at start. */
    public static final java.util.List<String> REASONS = java.util.List.of(REASON_UNDECODABLE, REASON_INVALID);

    public OrderDecodingException(String message, Throwable cause) {
        super(message, cause);
    }

    /** Short reason for the {@code reason} tag of {@code dlq_records_total}. */
    public String reason() {
        return this instanceof InvalidOrderException ? REASON_INVALID : REASON_UNDECODABLE;
    }
}

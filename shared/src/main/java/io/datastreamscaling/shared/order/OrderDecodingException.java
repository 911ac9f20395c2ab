package io.datastreamscaling.shared.order;

/**
 * A record value that is not a valid order: bytes that are not JSON, JSON that is not an order
 * object, or an order that breaks the schema ({@link InvalidOrderException}).
 *
 * <p>Unchecked on purpose: Kafka's {@code Deserializer} contract cannot throw checked exceptions.
 */
public class OrderDecodingException extends RuntimeException {
    public OrderDecodingException(String message, Throwable cause) {
        super(message, cause);
    }

    /** Short reason for the {@code reason} tag of {@code dlq_records_total}. */
    public String reason() {
        return this instanceof InvalidOrderException ? "invalid" : "undecodable";
    }
}

package io.datastreamscaling.producer.send;

import io.datastreamscaling.shared.order.Order;
import org.apache.kafka.clients.producer.RecordMetadata;

/**
 * Told of each order the broker acknowledged, on the producer's I/O thread: it must be quick and
 * must not block (every other send waits behind it).
 */
@FunctionalInterface
public interface AcknowledgementListener {
    AcknowledgementListener NONE = (order, metadata) -> { };

    void acknowledged(Order order, RecordMetadata metadata);

    /** This listener, then {@code next}. */
    default AcknowledgementListener andThen(AcknowledgementListener next) {
        return (order, metadata) -> {
            acknowledged(order, metadata);
            next.acknowledged(order, metadata);
        };
    }
}

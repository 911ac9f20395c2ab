package io.datastreamscaling.producer.send;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.datastreamscaling.shared.order.Order;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.common.errors.OutOfOrderSequenceException;
import org.apache.kafka.common.errors.TopicAuthorizationException;
import org.apache.kafka.common.errors.UnknownProducerIdException;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

/** Counting and error routing with a {@link MockProducer}; the broker-backed tests cover the real client. */
class OrderSenderTest {
    private final MockProducer<String, Order> producer = new MockProducer<>(false, null, new StringSerializer(), (topic, order) -> new byte[0]);
    private final List<Throwable> fatal = new CopyOnWriteArrayList<>();
    private final List<Order> acknowledged = new ArrayList<>();
    private final OrderSender sender = new OrderSender(producer, "orders", new SimpleMeterRegistry(),
            (order, metadata) -> acknowledged.add(order), fatal::add);

    @Test
    void aBrokenSequenceFailsOnlyItsOwnOrderAndTheSameProducerGoesOn() {
        Order first = order("u1");
        Order second = order("u2");
        sender.send(first);
        sender.send(second);

        producer.errorNext(new OutOfOrderSequenceException("the broker lost our sequence"));
        producer.completeNext();
        Order third = order("u3");
        sender.send(third);
        producer.errorNext(new UnknownProducerIdException("producer id expired"));

        assertEquals(3, sender.sent());
        assertEquals(1, sender.acknowledged());
        assertEquals(2, sender.failed());
        assertEquals(List.of(second), acknowledged, "the other orders are delivered");
        assertTrue(fatal.isEmpty(), "the client recovers per partition: not fatal " + fatal);
        assertFalse(producer.closed(), "the producer (and what it buffers for other partitions) is kept");
        assertEquals(3, producer.history().size(), "every order went through the one producer");
    }

    @Test
    void anAuthorizationErrorIsFatalAndTheCallerHearsOfTheFailure() {
        List<Exception> callerSaw = new ArrayList<>();
        sender.send(order("u1"), (metadata, exception) -> callerSaw.add(exception));

        producer.errorNext(new TopicAuthorizationException("denied"));

        assertEquals(1, fatal.size());
        assertEquals(1, callerSaw.size());
        assertTrue(callerSaw.get(0) instanceof TopicAuthorizationException);
        assertEquals(1, sender.failed());
    }

    private static Order order(String user) {
        return new Order(UUID.randomUUID(), user, new BigDecimal("1.00"), "EUR", Instant.parse("2026-01-01T00:00:00Z"));
    }
}

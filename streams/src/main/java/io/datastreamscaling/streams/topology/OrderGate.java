package io.datastreamscaling.streams.topology;

import io.datastreamscaling.shared.order.InvalidOrderException;
import io.datastreamscaling.shared.order.Order;
import org.apache.kafka.streams.processor.api.FixedKeyRecord;
import org.apache.kafka.streams.processor.api.RecordMetadata;

/**
 * The first check after decoding ({@link OrderRouter} asks it for every order): admits only orders the
 * rest of the topology can process and whose outputs the broker will take. Everything it refuses goes
 * to {@code orders.dlq} through the processing exception handler, with the original bytes:
 *
 * <ul>
 *   <li>a tombstone, or a key that is not the order's {@code userId} (it would be summed into another
 *       user's windows): {@link InvalidOrderException};</li>
 *   <li>a {@code createdAt} the {@link EventTimeRule} refuses (the extractor then left the broker's
 *       timestamp on the record): {@link InvalidOrderException} on {@code createdAt};</li>
 *   <li>a record whose output the broker refused before ({@link RefusedInputs}):
 *       {@link RefusedOutputException}.</li>
 * </ul>
 * An order it admits gets the {@link SourceLineage} header, carried by every output record.
 */
final class OrderGate {
    private final EventTimeRule eventTimes;
    private final RefusedInputs refused;

    OrderGate(EventTimeRule eventTimes, RefusedInputs refused) {
        this.eventTimes = eventTimes;
        this.refused = refused;
    }

    /**
     * @param source the input record {@code record} was decoded from
     * @param now    this instance's clock, for the event-time rule
     * @return the order, once the lineage header is stamped on the record
     * @throws InvalidOrderException  an order the rest of the topology cannot process
     * @throws RefusedOutputException an input record whose output the broker refused before
     */
    Order admit(FixedKeyRecord<String, Order> record, RecordMetadata source, long now) {
        if (refused.isRefused(source.topic(), source.partition(), source.offset())) {
            throw new RefusedOutputException("the broker refused an output record of " + source.topic() + "-"
                    + source.partition() + "@" + source.offset() + " (see the streams log for why)");
        }
        Order order = requireKeyedByUser(record.key(), record.value());
        if (record.timestamp() != EventTimeRule.epochMillis(order.createdAt()) || !eventTimes.usable(order.createdAt(), now)) {
            throw new InvalidOrderException("createdAt", eventTimes.whyNotUsable(order.createdAt()));
        }
        new SourceLineage(source.topic(), source.partition(), source.offset()).stampOn(record.headers());
        return order;
    }

    static Order requireKeyedByUser(String key, Order order) {
        if (order == null) {
            throw new InvalidOrderException("value", "is missing: a tombstone is not an order");
        }
        if (!order.userId().equals(key)) {
            throw new InvalidOrderException("key", "'" + key + "' is not the order's userId '" + order.userId() + "'");
        }
        return order;
    }
}

/**
 * The order event: the value of every record on the {@code orders} topic, and its JSON codec.
 *
 * <p>Read in this order: {@link io.datastreamscaling.shared.order.Order} (the schema's rules, checked
 * in its constructor, so an {@code Order} that exists is valid), {@link
 * io.datastreamscaling.shared.order.OrderJson} (the wire format; its Jackson streaming path is the
 * reference), {@link io.datastreamscaling.shared.order.CreatedAtWindow} (which {@code createdAt}
 * values a service accepts when it reads an order), then the Kafka adapters {@link
 * io.datastreamscaling.shared.order.OrderSerializer} and {@link
 * io.datastreamscaling.shared.order.OrderDeserializer}. The contract itself, with the exact
 * refusal messages, is docs/contract.md.
 *
 * <p>The sub-package {@code fastpath} is an optimisation of {@code OrderJson} and nothing more; its
 * package description says how its equivalence with the reference is enforced.
 */
package io.datastreamscaling.shared.order;

package io.datastreamscaling.bench.workload;

import io.datastreamscaling.producer.generate.OrderGenerator;
import io.datastreamscaling.shared.order.Order;
import io.datastreamscaling.shared.order.OrderJson;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;

/**
 * Orders encoded once with the shared {@link OrderJson}, so that {@code ProducerPerformance
 * --payload-file} sends records of exactly the size and shape ours send, and the pre-filled topic
 * holds real orders our consumer can decode.
 */
public final class OrderPayloads {
    /** The producer's defaults (PRODUCER_USERS, PRODUCER_USER_SKEW). */
    private static final int USERS = 10_000;
    private static final double USER_SKEW = 1.1;
    private static final long SEED = 42;

    private final List<byte[]> values;
    private final List<String> keys;

    private OrderPayloads(List<byte[]> values, List<String> keys) {
        this.values = values;
        this.keys = keys;
    }

    /**
     * {@code count} orders from our producer's own {@link OrderGenerator} with its default users and
     * skew and a fixed seed: the same size and shape ours sends (the same bytes every run, apart from
     * the order ids and timestamps).
     */
    public static OrderPayloads generate(int count) {
        OrderGenerator generator = generator();
        List<byte[]> values = new ArrayList<>(count);
        List<String> keys = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            Order order = generator.next();
            values.add(OrderJson.encode(order));
            keys.add(order.userId());
        }
        return new OrderPayloads(values, keys);
    }

    /**
     * {@code count} distinct orders whose {@code createdAt} advances by {@code spacing} and ends about
     * now: event time that moves, so the streams topology closes and emits its windows as a run goes
     * (orders all stamped within one second would leave every window open), and recent enough that
     * the output topics' time retention keeps what it writes.
     */
    public static OrderPayloads withEventTimes(int count, Duration spacing) {
        OrderGenerator generator = generator();
        Instant first = Instant.now().minus(spacing.multipliedBy(count));
        List<byte[]> values = new ArrayList<>(count);
        List<String> keys = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            Order generated = generator.next();
            Order order = new Order(generated.orderId(), generated.userId(), generated.amount(), generated.currency(),
                    first.plus(spacing.multipliedBy(i)));
            values.add(OrderJson.encode(order));
            keys.add(order.userId());
        }
        return new OrderPayloads(values, keys);
    }

    /** Our producer's generator with its default users and skew and the bench's fixed seed. */
    public static OrderGenerator generator() {
        return new OrderGenerator(USERS, USER_SKEW, OptionalLong.of(SEED));
    }

    public int size() {
        return values.size();
    }

    public byte[] value(int i) {
        return values.get(i % values.size());
    }

    /** The record key, as our producer keys it: the user id. */
    public String key(int i) {
        return keys.get(i % keys.size());
    }

    /** Average encoded size in bytes: the record size every contender uses. */
    public int averageSize() {
        long total = 0;
        for (byte[] value : values) {
            total += value.length;
        }
        return (int) Math.round((double) total / values.size());
    }

    /** One order JSON per line, the format {@code ProducerPerformance --payload-file} reads (UTF-8, newline-delimited). */
    public Path writeTo(Path file) throws IOException {
        try (OutputStream out = Files.newOutputStream(file)) {
            for (byte[] value : values) {
                out.write(value);
                out.write('\n');
            }
        }
        return file;
    }
}

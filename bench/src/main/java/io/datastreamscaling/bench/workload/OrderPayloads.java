package io.datastreamscaling.bench.workload;

import io.datastreamscaling.shared.order.Order;
import io.datastreamscaling.shared.order.OrderJson;
import java.io.IOException;
import java.io.OutputStream;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.UUID;

/**
 * Orders encoded once with the shared {@link OrderJson}, so that {@code ProducerPerformance
 * --payload-file} sends records of exactly the size and shape ours send, and the pre-filled topic
 * holds real orders our consumer can decode.
 */
public final class OrderPayloads {
    private static final String[] CURRENCIES = {"EUR", "USD", "GBP", "CHF", "JPY"};
    private static final int USERS = 1_000;

    private final List<byte[]> values;
    private final List<String> keys;

    private OrderPayloads(List<byte[]> values, List<String> keys) {
        this.values = values;
        this.keys = keys;
    }

    /** {@code count} orders from a fixed seed (the same bytes every run, apart from the timestamps). */
    public static OrderPayloads generate(int count) {
        Random random = new Random(42);
        List<byte[]> values = new ArrayList<>(count);
        List<String> keys = new ArrayList<>(count);
        Instant now = Instant.now();
        for (int i = 0; i < count; i++) {
            String userId = "user-" + random.nextInt(USERS);
            BigDecimal amount = BigDecimal.valueOf(100 + random.nextInt(99_900), 2);
            Order order = new Order(new UUID(random.nextLong(), random.nextLong()), userId, amount,
                    CURRENCIES[random.nextInt(CURRENCIES.length)], now.plusMillis(i));
            values.add(OrderJson.encode(order));
            keys.add(userId);
        }
        return new OrderPayloads(values, keys);
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

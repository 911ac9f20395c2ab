package io.datastreamscaling.bench.api;

import com.fasterxml.jackson.databind.json.JsonMapper;
import io.datastreamscaling.producer.generate.OrderGenerator;
import io.datastreamscaling.shared.order.Order;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The requests of the API workload, encoded once before the clock starts: {@code GET /health/live}
 * (the trivial route: no body, no Kafka) and {@code POST /orders} submissions as a client sends
 * them: user, amount and currency from our producer's generator, the order id and creation time
 * left to the server, so every accepted request is a distinct order on the topic.
 */
final class ApiRequests {
    private static final int DISTINCT_ORDERS = 1_000;

    private final byte[] health;
    private final byte[] ready;
    private final List<byte[]> orders;

    private ApiRequests(byte[] health, byte[] ready, List<byte[]> orders) {
        this.health = health;
        this.ready = ready;
        this.orders = orders;
    }

    static ApiRequests forPort(int port, OrderGenerator generator) {
        String host = "127.0.0.1:" + port;
        List<byte[]> orders = new ArrayList<>(DISTINCT_ORDERS);
        JsonMapper mapper = JsonMapper.builder().build();
        for (int i = 0; i < DISTINCT_ORDERS; i++) {
            Order order = generator.next();
            Map<String, Object> submission = new LinkedHashMap<>();
            submission.put("userId", order.userId());
            submission.put("amount", order.amount());
            submission.put("currency", order.currency());
            try {
                orders.add(post(host, "/orders", mapper.writeValueAsBytes(submission)));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return new ApiRequests(get(host, "/health/live"), get(host, "/health/ready"), List.copyOf(orders));
    }

    byte[] health() {
        return health;
    }

    byte[] ready() {
        return ready;
    }

    byte[] order(long i) {
        return orders.get((int) (i % orders.size()));
    }

    private static byte[] get(String host, String path) {
        return ("GET " + path + " HTTP/1.1\r\nHost: " + host + "\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1);
    }

    private static byte[] post(String host, String path, byte[] json) {
        ByteArrayOutputStream request = new ByteArrayOutputStream(json.length + 128);
        request.writeBytes(("POST " + path + " HTTP/1.1\r\nHost: " + host + "\r\nContent-Type: application/json\r\nContent-Length: "
                + json.length + "\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
        request.writeBytes(json);
        return request.toByteArray();
    }
}

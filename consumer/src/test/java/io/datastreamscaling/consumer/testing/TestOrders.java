package io.datastreamscaling.consumer.testing;

import io.datastreamscaling.local.broker.testing.Await;
import io.datastreamscaling.local.broker.testing.TestKafka;
import io.datastreamscaling.shared.order.Order;
import io.datastreamscaling.shared.order.OrderJson;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/** Writes test data to a topic with a plain producer: valid orders, and raw bytes for poison records. */
public final class TestOrders implements AutoCloseable {
    private final KafkaProducer<byte[], byte[]> producer;
    private final String topic;
    private int sequence;

    public TestOrders(String topic) {
        this.topic = topic;
        awaitLeaders(topic);
        this.producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, TestKafka.bootstrapServers(),
                // Not idempotent, one request in flight: retries keep order and add no duplicate here, and
                // the embedded broker was seen answering an idempotent producer that wrote to a topic
                // created a moment before with OUT_OF_ORDER_SEQUENCE_NUMBER until its records expired.
                ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, false,
                ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, 1,
                ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.LINGER_MS_CONFIG, 5),
                new ByteArraySerializer(), new ByteArraySerializer());
    }

    /** A valid order for one of 97 users. */
    public Order nextOrder() {
        int n = sequence++;
        return new Order(UUID.randomUUID(), "user-" + (n % 97), new BigDecimal(1 + n % 500).add(new BigDecimal("0.25")),
                "EUR", Instant.now());
    }

    /** Sends {@code count} valid orders keyed by userId and waits for every acknowledgement. */
    public List<Order> send(int count) {
        List<Order> orders = new ArrayList<>(count);
        List<Future<RecordMetadata>> acks = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            Order order = nextOrder();
            orders.add(order);
            acks.add(producer.send(new ProducerRecord<>(topic, key(order.userId()), OrderJson.encode(order))));
        }
        producer.flush();
        for (Future<RecordMetadata> ack : acks) {
            try {
                ack.get();
            } catch (Exception e) {
                throw new IllegalStateException("test data not written", e);
            }
        }
        return orders;
    }

    public void send(Order order) {
        sendRaw(key(order.userId()), OrderJson.encode(order), new RecordHeaders());
    }

    /** Sends arbitrary bytes (a poison record) keyed by {@code key} and waits for the acknowledgement. */
    public void sendRaw(byte[] key, byte[] value, RecordHeaders headers) {
        try {
            producer.send(new ProducerRecord<>(topic, null, key, value, headers)).get(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException("send failed", e);
        }
    }

    /** Waits until every partition of a just-created topic has a leader. */
    public static void awaitLeaders(String topic) {
        try (Admin admin = TestKafka.admin()) {
            Await.until(Duration.ofSeconds(30), () -> {
                try {
                    return admin.describeTopics(List.of(topic)).allTopicNames().get(10, TimeUnit.SECONDS).get(topic)
                            .partitions().stream().allMatch(p -> p.leader() != null && !p.leader().isEmpty());
                } catch (Exception e) {
                    return false;
                }
            }, () -> "leaders for every partition of " + topic);
        }
    }

    public static byte[] key(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    @Override
    public void close() {
        producer.close();
    }
}

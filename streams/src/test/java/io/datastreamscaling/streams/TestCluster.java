package io.datastreamscaling.streams;

import com.fasterxml.jackson.databind.JsonNode;
import io.datastreamscaling.local.broker.testing.TestKafka;
import io.datastreamscaling.shared.config.Env;
import io.datastreamscaling.shared.config.KafkaSettings;
import io.datastreamscaling.shared.kafka.TopicSettings;
import io.datastreamscaling.shared.order.Order;
import io.datastreamscaling.shared.order.OrderJson;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/** The streams service on the test broker: its environment, input, and reading its output. */
final class TestCluster {
    static final Duration GRACE = Duration.ofSeconds(1);
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    /** One producer for the test JVM; the broker outlives every test. */
    private static KafkaProducer<String, byte[]> producer;

    private TestCluster() {
    }

    /** A streams service environment on the test broker: its own application id, input and state dir. */
    static Env env(String applicationId, String inputTopic, Path stateDir) {
        return env(applicationId, inputTopic, stateDir, Map.of());
    }

    /** As {@link #env(String, String, Path)}, with {@code overrides} on top. */
    static Env env(String applicationId, String inputTopic, Path stateDir, Map<String, String> overrides) {
        Map<String, String> variables = variables(applicationId, inputTopic, stateDir);
        variables.putAll(overrides);
        return Env.of(variables);
    }

    /** The environment variables of {@link #env(String, String, Path)}, for a service in its own JVM. */
    static Map<String, String> variables(String applicationId, String inputTopic, Path stateDir) {
        return new HashMap<>(Map.of(
                KafkaSettings.BOOTSTRAP_SERVERS, TestKafka.bootstrapServers(),
                StreamsSettings.APPLICATION_ID, applicationId,
                StreamsSettings.ORDERS_TOPIC, inputTopic,
                StreamsSettings.STATE_DIR, stateDir.toString(),
                StreamsSettings.HTTP_PORT, "0",
                // other instances reach this one's query port here (application.server)
                StreamsSettings.ADVERTISED_HOST, "localhost",
                StreamsSettings.WINDOW_GRACE_MS, Long.toString(GRACE.toMillis()),
                TopicSettings.PARTITIONS, "3"));
    }

    static void produce(String topic, Collection<Order> orders) {
        List<ProducerRecord<String, byte[]>> records = new ArrayList<>();
        for (Order order : orders) {
            records.add(new ProducerRecord<>(topic, order.userId(), OrderJson.encode(order)));
        }
        produceRaw(records);
    }

    static synchronized void produceRaw(List<ProducerRecord<String, byte[]>> records) {
        if (producer == null) {
            producer = new KafkaProducer<>(Map.of(
                    ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, TestKafka.bootstrapServers(),
                    ProducerConfig.ACKS_CONFIG, "all",
                    ProducerConfig.LINGER_MS_CONFIG, 5), new StringSerializer(), new ByteArraySerializer());
        }
        for (ProducerRecord<String, byte[]> record : records) {
            producer.send(record);
        }
        producer.flush();
    }

    /**
     * Every committed record of {@code topic} up to its current end, waiting until {@code done} holds
     * for what was read (at most the timeout); only committed records, as a downstream reader sees them.
     * {@code whileWaiting} runs between polls (to keep input flowing, as in production).
     */
    static List<ConsumerRecord<byte[], byte[]>> readCommitted(String topic, Duration timeout,
            Predicate<List<ConsumerRecord<byte[], byte[]>>> done, Runnable whileWaiting) {
        List<ConsumerRecord<byte[], byte[]>> records = new ArrayList<>();
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, TestKafka.bootstrapServers(),
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed"), new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic).stream()
                    .map(p -> new TopicPartition(topic, p.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            long deadline = System.nanoTime() + timeout.toNanos();
            while (true) {
                consumer.poll(Duration.ofMillis(200)).forEach(records::add);
                if (done.test(records) && caughtUp(consumer, partitions)) {
                    return records;
                }
                if (System.nanoTime() > deadline) {
                    return records;
                }
                whileWaiting.run();
            }
        }
    }

    private static boolean caughtUp(KafkaConsumer<byte[], byte[]> consumer, List<TopicPartition> partitions) {
        Map<TopicPartition, Long> ends = consumer.endOffsets(partitions);
        return partitions.stream().allMatch(p -> consumer.position(p) >= ends.get(p));
    }

    /** {@code GET http://localhost:port/pathAndQuery}, with {@code headers} as name, value pairs. */
    static HttpResponse<String> get(int port, String pathAndQuery, String... headers) {
        HttpRequest.Builder request = HttpRequest.newBuilder(
                URI.create("http://localhost:" + port + pathAndQuery)).timeout(Duration.ofSeconds(15)).GET();
        if (headers.length > 0) {
            request.headers(headers);
        }
        try {
            return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException("GET " + pathAndQuery + " on port " + port, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted: GET " + pathAndQuery, e);
        }
    }

    static JsonNode json(HttpResponse<String> response) {
        try {
            return OrderJson.mapper().readTree(response.body());
        } catch (IOException e) {
            throw new AssertionError("not JSON: " + response.body(), e);
        }
    }

}

package io.datastreamscaling.consumer.deadletter;

import io.datastreamscaling.shared.config.Env;
import io.datastreamscaling.shared.config.InvalidSettingException;
import io.datastreamscaling.shared.config.KafkaSettings;
import io.datastreamscaling.shared.kafka.Topics;
import io.datastreamscaling.shared.order.OrderDecodingException;
import io.datastreamscaling.shared.order.OrderJson;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * Copies dead letters back to the orders topic after a fix: original key, value and headers, the
 * {@code dlq.*} headers removed. Reads the whole dead-letter topic as it is when the tool starts (no
 * consumer group, so every run sees every dead letter), by default only the records that now decode
 * ({@code REPLAY_ONLY_DECODABLE=false} copies all). Replaying twice is harmless for the Postgres sink
 * (orders are keyed by orderId, re-inserts change nothing).
 *
 * <pre>KAFKA_BOOTSTRAP_SERVERS=localhost:9092 java -cp consumer/target/consumer.jar \
 *     io.datastreamscaling.consumer.deadletter.DeadLetterReplay</pre>
 *
 * <p>Prints one JSON line: {@code {"read":…,"replayed":…,"skipped":…}}; exit code 0, or 1 if a send failed.
 */
public final class DeadLetterReplay {
    public static final String DLQ_TOPIC = "DLQ_TOPIC";
    public static final String ORDERS_TOPIC = "ORDERS_TOPIC";
    public static final String REPLAY_ONLY_DECODABLE = "REPLAY_ONLY_DECODABLE";
    private static final String DLQ_HEADER_PREFIX = "dlq.";

    private DeadLetterReplay() {
    }

    public static void main(String[] args) {
        System.exit(run(Env.system()));
    }

    /** Replays and returns the exit code. */
    public static int run(Env env) {
        String from;
        String to;
        boolean onlyDecodable;
        Map<String, Object> consumerProps;
        Map<String, Object> producerProps;
        try {
            from = env.string(DLQ_TOPIC, Topics.ORDERS_DLQ);
            to = env.string(ORDERS_TOPIC, Topics.ORDERS);
            onlyDecodable = env.bool(REPLAY_ONLY_DECODABLE, true);
            // Metrics push off, as KafkaSettings does for the services: consumer.jar leaves out what it needs.
            consumerProps = Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, KafkaSettings.bootstrapServers(env),
                    ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false,
                    ConsumerConfig.ENABLE_METRICS_PUSH_CONFIG, false);
            producerProps = Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, KafkaSettings.bootstrapServers(env),
                    // A retried send adds no duplicate, and a record counts as replayed only once acknowledged.
                    ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true,
                    ProducerConfig.ACKS_CONFIG, "all",
                    ProducerConfig.ENABLE_METRICS_PUSH_CONFIG, false);
        } catch (InvalidSettingException e) {
            System.err.println("invalid configuration: " + e.getMessage());
            return 2;
        }
        long read = 0;
        long skipped = 0;
        List<Future<RecordMetadata>> acks = new ArrayList<>();
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(consumerProps, new ByteArrayDeserializer(), new ByteArrayDeserializer());
             KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(producerProps, new ByteArraySerializer(), new ByteArraySerializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(from).stream()
                    .map(p -> new TopicPartition(from, p.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            // What is in the dead-letter topic now; letters arriving during the replay wait for the next run.
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            while (partitions.stream().anyMatch(tp -> consumer.position(tp) < end.get(tp))) {
                for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(500))) {
                    if (r.offset() >= end.get(new TopicPartition(r.topic(), r.partition()))) {
                        continue;
                    }
                    read++;
                    if (onlyDecodable && !decodes(r.value())) {
                        skipped++;
                        continue;
                    }
                    acks.add(producer.send(new ProducerRecord<>(to, null, r.key(), r.value(), withoutDeadLetterHeaders(r))));
                }
            }
            producer.flush();
            for (Future<RecordMetadata> ack : acks) {
                ack.get();
            }
        } catch (ExecutionException e) {
            System.err.println("replay failed: " + e.getCause());
            return 1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 1;
        }
        System.out.println("{\"read\":" + read + ",\"replayed\":" + acks.size() + ",\"skipped\":" + skipped + "}");
        return 0;
    }

    private static boolean decodes(byte[] value) {
        try {
            OrderJson.decode(value);
            return true;
        } catch (OrderDecodingException e) {
            return false;
        }
    }

    private static RecordHeaders withoutDeadLetterHeaders(ConsumerRecord<byte[], byte[]> record) {
        RecordHeaders headers = new RecordHeaders();
        for (Header h : record.headers()) {
            if (!h.key().startsWith(DLQ_HEADER_PREFIX)) {
                headers.add(h);
            }
        }
        return headers;
    }
}

package io.datastreamscaling.consumer.testing;

import io.datastreamscaling.local.broker.testing.TestKafka;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/** Reads a dead-letter topic from the beginning, without a group. */
public final class DeadLetters {
    private DeadLetters() {
    }

    /** At least {@code expected} dead letters (waits for them), ordered by source partition and offset. */
    public static List<ConsumerRecord<byte[], byte[]>> read(String topic, int expected, Duration timeout) {
        List<ConsumerRecord<byte[], byte[]>> records = readAll(topic, expected, timeout);
        records.sort(Comparator.comparing((ConsumerRecord<byte[], byte[]> r) -> header(r, "dlq.source.partition"))
                .thenComparingLong(r -> Long.parseLong(header(r, "dlq.source.offset"))));
        return records;
    }

    /** At least {@code expected} records of any topic (waits for them), in partition order. */
    public static List<ConsumerRecord<byte[], byte[]>> readAll(String topic, int expected, Duration timeout) {
        List<ConsumerRecord<byte[], byte[]>> records = new ArrayList<>();
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, TestKafka.bootstrapServers(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest"),
                new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            consumer.assign(consumer.partitionsFor(topic).stream()
                    .map(p -> new org.apache.kafka.common.TopicPartition(topic, p.partition())).toList());
            consumer.seekToBeginning(consumer.assignment());
            long deadline = System.nanoTime() + timeout.toNanos();
            while (records.size() < expected && System.nanoTime() < deadline) {
                consumer.poll(Duration.ofMillis(200)).forEach(records::add);
            }
        }
        if (records.size() < expected) {
            throw new AssertionError("expected " + expected + " records in " + topic + ", found " + records.size());
        }
        return records;
    }

    public static String header(ConsumerRecord<byte[], byte[]> record, String name) {
        Header header = record.headers().lastHeader(name);
        return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }
}

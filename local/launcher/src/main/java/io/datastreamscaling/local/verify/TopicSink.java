package io.datastreamscaling.local.verify;

import io.datastreamscaling.shared.order.OrderDecodingException;
import io.datastreamscaling.shared.order.OrderJson;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/** The orders a topic holds, read from the beginning to the end offsets seen at the start. */
final class TopicSink {
    /** @param orderIds one per record, partition after partition, each in offset order */
    record Contents(List<String> orderIds, long undecodable) {
    }

    private TopicSink() {
    }

    static Contents read(String bootstrapServers, String topic, Duration timeout) {
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false, // a one-off read: no group, nothing to commit
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed"),
                new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic, timeout).stream()
                    .map(info -> new TopicPartition(topic, info.partition()))
                    .sorted(Comparator.comparingInt(TopicPartition::partition))
                    .toList();
            if (partitions.isEmpty()) {
                throw new IllegalStateException("topic " + topic + " does not exist");
            }
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions, timeout);
            Map<TopicPartition, List<String>> perPartition = new HashMap<>();
            partitions.forEach(tp -> perPartition.put(tp, new ArrayList<>()));
            long undecodable = 0;
            long deadline = System.nanoTime() + timeout.toNanos();
            while (!reachedEnd(consumer, end)) {
                if (System.nanoTime() - deadline > 0) {
                    throw new IllegalStateException("topic " + topic + " not read to its end offsets " + end + " within " + timeout);
                }
                for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(500))) {
                    try {
                        perPartition.get(new TopicPartition(record.topic(), record.partition()))
                                .add(OrderJson.decode(record.value()).orderId().toString());
                    } catch (OrderDecodingException e) {
                        undecodable++; // poison written by someone else: the consumer's DLQ business, not ours
                    }
                }
            }
            List<String> ids = new ArrayList<>();
            partitions.forEach(tp -> ids.addAll(perPartition.get(tp)));
            return new Contents(ids, undecodable);
        }
    }

    /** The topic's log-end offsets (the high watermark) by partition, asked of the broker (Admin listOffsets). */
    static Map<Integer, Long> endOffsets(String bootstrapServers, String topic, Duration timeout) {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers))) {
            Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
            admin.describeTopics(List.of(topic)).allTopicNames().get(timeout.toMillis(), TimeUnit.MILLISECONDS)
                    .get(topic).partitions()
                    .forEach(p -> latest.put(new TopicPartition(topic, p.partition()), OffsetSpec.latest()));
            Map<Integer, Long> end = new HashMap<>();
            admin.listOffsets(latest).all().get(timeout.toMillis(), TimeUnit.MILLISECONDS)
                    .forEach((tp, info) -> end.put(tp.partition(), info.offset()));
            return end;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while reading the end offsets of " + topic, e);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("the end offsets of " + topic + " not read within " + timeout + ": " + e, e);
        }
    }

    private static boolean reachedEnd(KafkaConsumer<?, ?> consumer, Map<TopicPartition, Long> end) {
        return end.entrySet().stream().allMatch(e -> consumer.position(e.getKey()) >= e.getValue());
    }
}

package io.datastreamscaling.consumer;

import io.datastreamscaling.shared.config.Env;
import io.datastreamscaling.shared.config.KafkaSettings;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.CooperativeStickyAssignor;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * The Kafka client settings of the consumer service, each with the guarantee it buys. Pass-through
 * variables ({@code KAFKA_CONSUMER_*}, {@code KAFKA_PRODUCER_*}) override any of them.
 */
public final class ConsumerClients {
    /** One poll is one sink batch: big enough to amortise a transaction, small enough to redo cheaply. */
    public static final int DEFAULT_MAX_POLL_RECORDS = 1000;
    /** The dead-letter producer's {@code max.request.size} unless {@code KAFKA_PRODUCER_MAX_REQUEST_SIZE} says otherwise. */
    public static final int DEFAULT_DEAD_LETTER_MAX_REQUEST_SIZE = 1_048_576;

    private ConsumerClients() {
    }

    public static Properties consumer(Env env, ConsumerSettings settings) {
        Map<String, Object> props = new LinkedHashMap<>();
        props.put(ConsumerConfig.GROUP_ID_CONFIG, settings.groupId());
        // Offsets are committed by the loop only for records fully processed, never on a timer.
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        // Where a group without a committed offset starts (earliest: nothing produced before start is skipped).
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, settings.autoOffsetReset());
        props.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, DEFAULT_MAX_POLL_RECORDS);
        // Raw bytes: decoding happens in the loop, so a poison record never makes poll() throw and
        // its exact key and value bytes can go to the dead-letter topic.
        props.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        props.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        props.put(ConsumerConfig.GROUP_PROTOCOL_CONFIG, settings.groupProtocol());
        if (settings.groupProtocol().equals(ConsumerSettings.PROTOCOL_CLASSIC)) {
            // A rebalance moves only the partitions that change owner; the others keep being consumed.
            // (With group.protocol=consumer the broker assigns, and the client refuses this setting.)
            props.put(ConsumerConfig.PARTITION_ASSIGNMENT_STRATEGY_CONFIG, CooperativeStickyAssignor.class.getName());
        }
        // Static membership: a restart within the session timeout keeps the partitions, no rebalance.
        settings.groupInstanceId().ifPresent(id -> props.put(ConsumerConfig.GROUP_INSTANCE_ID_CONFIG, id));
        return KafkaSettings.clientProperties(env, KafkaSettings.Client.CONSUMER, props);
    }

    public static Properties deadLetterProducer(Env env) {
        Map<String, Object> props = new LinkedHashMap<>();
        // A retried dead-letter send adds no duplicate.
        props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        // Acknowledged means on every in-sync replica: only then may the offset move past the poison record.
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        // Bounds how long the loop holds a batch while the dead-letter topic is unreachable.
        props.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 30_000);
        props.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 10_000);
        props.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, 10_000);
        // The dead-letter size budget, stated rather than inherited: the broker's default
        // message.max.bytes (1 MiB + 12) takes it. A dead letter above it is truncated (DeadLetterPublisher);
        // raise it together with orders.dlq's max.message.bytes to keep large poison records whole.
        props.put(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, DEFAULT_DEAD_LETTER_MAX_REQUEST_SIZE);
        props.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        props.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        return KafkaSettings.clientProperties(env, KafkaSettings.Client.PRODUCER, props);
    }

    /** The effective {@code max.request.size} of producer properties (a pass-through override included). */
    public static int maxRequestSize(Properties producerProps) {
        return new ProducerConfig(producerProps).getInt(ProducerConfig.MAX_REQUEST_SIZE_CONFIG);
    }
}

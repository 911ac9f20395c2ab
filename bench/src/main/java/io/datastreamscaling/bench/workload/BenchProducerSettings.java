package io.datastreamscaling.bench.workload;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * The producer settings every producing contender uses, ours and {@code ProducerPerformance} alike,
 * so a ratio compares the code and not the configuration. They are the producer service's own
 * defaults ({@code OrderSender.properties}): keep the two in step. Ours gets them again through
 * {@code KAFKA_PRODUCER_*}, so a change of its defaults cannot make the two sides differ silently.
 *
 * <p>At {@code linger.ms} 0 every side runs the producer README's latency profile instead: linger 0
 * and no compression ({@link #forLinger}).
 */
public final class BenchProducerSettings {
    /** Every in-sync replica has the order before it counts as sent (our producer's guarantee). */
    public static final String ACKS = "all";
    /** Retries add no duplicates (our producer's guarantee). */
    public static final boolean IDEMPOTENCE = true;
    /** Waits up to 5 ms to fill a batch: fewer, larger requests at a small latency cost. */
    public static final int LINGER_MS = 5;
    /** 64 KiB batches: about 250 orders each. */
    public static final int BATCH_SIZE = 64 * 1024;
    /** lz4: cheap on CPU, which these 2-core machines are short of; JSON compresses well with it. */
    public static final String COMPRESSION = "lz4";
    /**
     * The latency profile's compression, at {@code linger.ms} 0: a batch then holds about one order,
     * which lz4 cannot shrink, and each batch pays for lz4's 64 KiB block buffers (in the caller's
     * send()) and the broker's decompression: about 20 µs of the machine's CPU per order on the
     * bench machine (docs/benchmarks.md, "The order API at linger 0: the machine's CPU per answer").
     */
    public static final String LATENCY_COMPRESSION = "none";
    /** The most idempotence allows while keeping per-partition order. */
    public static final int MAX_IN_FLIGHT = 5;
    /** Retriable errors retry this long before an order counts as failed. */
    public static final int DELIVERY_TIMEOUT_MS = 60_000;
    /** 32 MiB of unacknowledged records: the bound where send() blocks (backpressure). */
    public static final long BUFFER_MEMORY = 32L * 1024 * 1024;

    private BenchProducerSettings() {
    }

    /**
     * A producer of pre-encoded orders keyed by user id, as our producer keys them, with these settings
     * and {@code lingerMs}: what the bench itself sends with (pre-filled topics, the order API's floor).
     */
    public static KafkaProducer<String, byte[]> orderProducer(String bootstrapServers, int lingerMs) {
        Properties props = new Properties();
        props.putAll(forLinger(lingerMs));
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        return new KafkaProducer<>(props, new StringSerializer(), new ByteArraySerializer());
    }

    /** The compression at {@code lingerMs}: the latency profile's at 0, else the default's. */
    public static String compression(int lingerMs) {
        return lingerMs == 0 ? LATENCY_COMPRESSION : COMPRESSION;
    }

    /** {@link #asProperties()} at {@code lingerMs}: that linger and {@link #compression(int) its compression}. */
    public static Map<String, String> forLinger(int lingerMs) {
        Map<String, String> props = asProperties();
        props.put(ProducerConfig.LINGER_MS_CONFIG, Integer.toString(lingerMs));
        props.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, compression(lingerMs));
        return props;
    }

    /** The settings as client properties, in a fixed order (they are printed in the report). */
    public static Map<String, String> asProperties() {
        Map<String, String> props = new LinkedHashMap<>();
        props.put(ProducerConfig.ACKS_CONFIG, ACKS);
        props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, Boolean.toString(IDEMPOTENCE));
        props.put(ProducerConfig.LINGER_MS_CONFIG, Integer.toString(LINGER_MS));
        props.put(ProducerConfig.BATCH_SIZE_CONFIG, Integer.toString(BATCH_SIZE));
        props.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, COMPRESSION);
        props.put(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, Integer.toString(MAX_IN_FLIGHT));
        props.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, Integer.toString(DELIVERY_TIMEOUT_MS));
        props.put(ProducerConfig.BUFFER_MEMORY_CONFIG, Long.toString(BUFFER_MEMORY));
        return props;
    }
}

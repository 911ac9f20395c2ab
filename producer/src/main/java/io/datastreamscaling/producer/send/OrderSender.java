package io.datastreamscaling.producer.send;

import io.datastreamscaling.shared.config.Env;
import io.datastreamscaling.shared.config.KafkaSettings;
import io.datastreamscaling.shared.metrics.MeterNames;
import io.datastreamscaling.shared.order.Order;
import io.datastreamscaling.shared.order.OrderSerializer;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import org.apache.kafka.clients.producer.Callback;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.serialization.StringSerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The service's one {@link KafkaProducer}: sends orders keyed by {@code userId} (one user's orders
 * stay in order on one partition) and counts what the broker acknowledged.
 *
 * <p>Sends are asynchronous: {@link #send} returns once the record is in the producer's buffer, and
 * one shared callback counts the outcome on the producer's I/O thread. An order counts as sent to
 * the outside world only when it is {@link #acknowledged()}.
 *
 * <p>Backpressure: the buffer is bounded by {@code buffer.memory}. When the generator runs at
 * {@code PRODUCER_RATE=max} faster than the broker acknowledges, {@code send} blocks (up to
 * {@code max.block.ms}) until acknowledged batches free space, so the generator is paced by the
 * broker and memory stays bounded; nothing else queues orders.
 */
public final class OrderSender implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(OrderSender.class);
    private static final AtomicInteger INSTANCES = new AtomicInteger();

    private final Producer<String, Order> producer;
    private final String topic;
    private final LongAdder sent = new LongAdder();
    private final LongAdder acknowledged = new LongAdder();
    private final LongAdder failed = new LongAdder();
    private final Counter successCounter;
    private final Counter failureCounter;
    private final FatalProducerErrors.Listener fatalListener;
    private final Callback countingCallback = this::onCompletion;
    private volatile boolean firstAcknowledged;

    public OrderSender(Properties properties, String topic, MeterRegistry registry, FatalProducerErrors.Listener fatalListener) {
        this.producer = new KafkaProducer<>(properties, new StringSerializer(), new OrderSerializer());
        this.topic = topic;
        this.fatalListener = fatalListener;
        this.successCounter = Counter.builder(MeterNames.ORDERS_PRODUCED).tag("result", "success")
                .description("orders the broker acknowledged").register(registry);
        this.failureCounter = Counter.builder(MeterNames.ORDERS_PRODUCED).tag("result", "failure")
                .description("orders that could not be delivered").register(registry);
    }

    /**
     * The producer's settings: our defaults, each buying one guarantee, under the pass-through
     * {@code KAFKA_PRODUCER_*} variables, which win.
     */
    public static Properties properties(Env env, Duration sendTimeout) {
        Map<String, Object> defaults = new LinkedHashMap<>();
        defaults.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);        // retries add no duplicates and keep per-partition order
        defaults.put(ProducerConfig.ACKS_CONFIG, "all");                     // acknowledged = on every in-sync replica: survives a broker loss
        defaults.put(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, 5); // the most idempotence allows while still keeping order
        defaults.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 60_000);     // retriable errors retry this long, then the order counts as failed
        defaults.put(ProducerConfig.LINGER_MS_CONFIG, 5);                    // wait 5 ms to fill batches: far fewer requests for little latency
        defaults.put(ProducerConfig.BATCH_SIZE_CONFIG, 64 * 1024);           // room for ~300 orders per partition batch
        // lz4 rather than zstd: JSON orders compress well with either, and lz4 costs several times less
        // CPU per byte; on a small machine sharing cores with the broker, CPU is what caps throughput.
        defaults.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4");
        defaults.put(ProducerConfig.BUFFER_MEMORY_CONFIG, 32L * 1024 * 1024); // the bound on unacknowledged orders in memory (backpressure)
        // send() blocks at most this long on a full buffer or missing metadata: never longer than a
        // POST /orders may wait in total.
        defaults.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, sendTimeout.toMillis());
        defaults.put(ProducerConfig.CLIENT_ID_CONFIG, "order-producer-" + INSTANCES.incrementAndGet()); // names us in broker logs and quotas
        return KafkaSettings.clientProperties(env, KafkaSettings.Client.PRODUCER, defaults);
    }

    /**
     * Hands the order to the producer without waiting for the broker; the future completes when the
     * broker acknowledges or the send fails. Blocks only while the buffer is full (backpressure).
     */
    public Future<RecordMetadata> send(Order order) {
        // Counted before the call: the callback can run inside send() (e.g. metadata timeout), and
        // acknowledged + failed must never exceed sent.
        sent.increment();
        try {
            return producer.send(new ProducerRecord<>(topic, order.userId(), order), countingCallback);
        } catch (KafkaException | IllegalStateException e) {
            // Thrown rather than passed to the callback: the producer is closed, interrupted or in a fatal state.
            failed.increment();
            failureCounter.increment();
            reportIfFatal(e);
            throw e;
        }
    }

    private void onCompletion(RecordMetadata metadata, Exception exception) {
        if (exception == null) {
            acknowledged.increment();
            successCounter.increment();
            if (!firstAcknowledged) {
                firstAcknowledged = true;
                // Start-up as users feel it (and benchmarks read it): JVM start to the first order Kafka holds.
                log.info("first order acknowledged, {} ms after JVM start", ManagementFactory.getRuntimeMXBean().getUptime());
            }
            return;
        }
        failed.increment();
        failureCounter.increment();
        log.debug("order not delivered", exception);
        reportIfFatal(exception);
    }

    private void reportIfFatal(Throwable error) {
        if (FatalProducerErrors.isFatal(error)) {
            fatalListener.onFatalError(error);
        }
    }

    /** Fetches the topic's partitions (blocks up to {@code max.block.ms}): proof that Kafka answers. */
    public List<PartitionInfo> partitionsFor() {
        return producer.partitionsFor(topic);
    }

    public Producer<String, Order> producer() {
        return producer;
    }

    public String topic() {
        return topic;
    }

    /** Orders handed to the producer (acknowledged, failed, or still in flight). */
    public long sent() {
        return sent.sum();
    }

    public long acknowledged() {
        return acknowledged.sum();
    }

    public long failed() {
        return failed.sum();
    }

    /**
     * Sends what is buffered and waits for it up to {@code timeout}, then fails whatever is left
     * ({@code close(timeout)} is the producer's bounded flush: {@code flush()} has no timeout).
     */
    public void close(Duration timeout) {
        producer.close(timeout);
    }

    @Override
    public void close() {
        close(Duration.ofSeconds(10));
    }
}

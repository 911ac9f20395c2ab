package io.datastreamscaling.producer.send;

import io.datastreamscaling.shared.config.Env;
import io.datastreamscaling.shared.config.KafkaSettings;
import io.datastreamscaling.shared.metrics.MeterNames;
import io.datastreamscaling.shared.order.Order;
import io.datastreamscaling.shared.order.OrderSerializer;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
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
 * Sends orders through the service's one {@link Producer}, keyed by {@code userId} (one user's
 * orders stay in order on one partition), and counts what the broker acknowledged.
 *
 * <p>Sends are asynchronous: {@link #send} returns once the record is in the producer's buffer; the
 * outcome is counted on the producer's I/O thread, then handed to the caller's callback. An order
 * counts as sent to the outside world only when it is {@link #acknowledged()}.
 *
 * <p>Backpressure: the buffer is bounded by {@code buffer.memory}. When the generator runs at
 * {@code PRODUCER_RATE=max} faster than the broker acknowledges, {@code send} blocks (up to
 * {@code max.block.ms}) until acknowledged batches free space, so the generator is paced by the
 * broker and memory stays bounded; nothing else queues orders.
 *
 * <p>One producer for the life of the service. An idempotent producer recovers from a broken
 * sequence by itself, per partition: on {@code OutOfOrderSequenceException} or
 * {@code UnknownProducerIdException} the kafka-clients 4.3 {@code TransactionManager} fails that
 * batch's orders (counted here as failed) and bumps its epoch for that partition only
 * ({@code handleFailedBatch}: {@code requestIdempotentEpochBumpForPartition},
 * {@code resetSequenceForPartition}); orders buffered for every other partition go on. Replacing the
 * producer would instead fail everything it buffered. Errors the client cannot leave (fenced,
 * authorization, authentication, unsupported version, invalid producer id mapping) go to the fatal
 * listener: the service stops and its supervisor restarts it.
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
    private final AcknowledgementListener acknowledgementListener;
    private final FatalProducerErrors.Listener fatalListener;

    public OrderSender(Producer<String, Order> producer, String topic, MeterRegistry registry,
                       AcknowledgementListener acknowledgementListener, FatalProducerErrors.Listener fatalListener) {
        this.producer = producer;
        this.topic = topic;
        this.acknowledgementListener = acknowledgementListener;
        this.fatalListener = fatalListener;
        this.successCounter = Counter.builder(MeterNames.ORDERS_PRODUCED).tag("result", "success")
                .description("orders the broker acknowledged").register(registry);
        this.failureCounter = Counter.builder(MeterNames.ORDERS_PRODUCED).tag("result", "failure")
                .description("orders that could not be delivered").register(registry);
    }

    /** The service's producer, built from {@link #properties}. */
    public static Producer<String, Order> createProducer(Properties properties) {
        return new KafkaProducer<>(properties, new StringSerializer(), new OrderSerializer());
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
        // At linger 0 (the README's latency profile) a batch holds about one order and lz4 only costs:
        // that profile sets KAFKA_PRODUCER_COMPRESSION_TYPE=none.
        defaults.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4");
        defaults.put(ProducerConfig.BUFFER_MEMORY_CONFIG, 32L * 1024 * 1024); // the bound on unacknowledged orders in memory (backpressure)
        // send() blocks at most this long on a full buffer or missing metadata: never longer than a
        // POST /orders may wait in total.
        defaults.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, sendTimeout.toMillis());
        defaults.put(ProducerConfig.CLIENT_ID_CONFIG, "order-producer-" + INSTANCES.incrementAndGet()); // names us in broker logs and quotas
        return KafkaSettings.clientProperties(env, KafkaSettings.Client.PRODUCER, defaults);
    }

    /** {@link #send(Order, Callback)} for a caller that reads only the counters. */
    public Future<RecordMetadata> send(Order order) {
        return send(order, null);
    }

    /**
     * Hands the order to the producer without waiting for the broker. Once the broker acknowledges
     * or the send fails, the outcome is counted and then {@code then} (may be null) is called, on the
     * producer's I/O thread: it must not block. Blocks only while the buffer is full (backpressure)
     * or metadata is missing, up to {@code max.block.ms}; a failure there is thrown and counted, and
     * {@code then} is not called.
     */
    public Future<RecordMetadata> send(Order order, Callback then) {
        // Counted before the call: the callback can run inside send() (e.g. metadata timeout), and
        // acknowledged + failed must never exceed sent.
        sent.increment();
        try {
            return producer.send(new ProducerRecord<>(topic, order.userId(), order), (metadata, exception) -> {
                onCompletion(order, metadata, exception);
                if (then != null) {
                    then.onCompletion(metadata, exception);
                }
            });
        } catch (KafkaException | IllegalStateException e) {
            // Thrown rather than passed to the callback: closed, interrupted, out of time for
            // metadata or buffer space, or in a state it cannot leave.
            failed.increment();
            failureCounter.increment();
            reportIfFatal(e);
            throw e;
        }
    }

    private void onCompletion(Order order, RecordMetadata metadata, Exception exception) {
        if (exception == null) {
            acknowledged.increment();
            successCounter.increment();
            acknowledgementListener.acknowledged(order, metadata);
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

    /** Blocks until every order handed over so far is acknowledged or failed. */
    public void flush() {
        producer.flush();
    }

    /** Fetches the topic's partitions (blocks up to {@code max.block.ms}): proof that Kafka answers. */
    public List<PartitionInfo> partitionsFor() {
        return producer.partitionsFor(topic);
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

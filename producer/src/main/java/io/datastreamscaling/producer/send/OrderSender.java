package io.datastreamscaling.producer.send;

import io.datastreamscaling.producer.verify.AcknowledgementLog;
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
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Consumer;
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
 *
 * <p>A producer instance that reached a state it cannot leave (its idempotence sequence is broken:
 * {@link FatalProducerErrors#breaksProducer}) is closed and replaced by a new one with a new producer
 * id; the orders still buffered in the old one fail (counted, never reported as sent). Errors that a
 * new instance would hit too (ACLs, credentials) go to the fatal listener instead.
 */
public final class OrderSender implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(OrderSender.class);
    private static final AtomicInteger INSTANCES = new AtomicInteger();

    private final Properties properties;
    private final String topic;
    private final LongAdder sent = new LongAdder();
    private final LongAdder acknowledged = new LongAdder();
    private final LongAdder failed = new LongAdder();
    private final LongAdder replacements = new LongAdder();
    private final Counter successCounter;
    private final Counter failureCounter;
    private final FatalProducerErrors.Listener fatalListener;
    private final Consumer<Producer<String, Order>> onNewProducer;
    private final AcknowledgementLog acknowledgementLog; // null when PRODUCER_VERIFY_FILE is not set
    private final AtomicBoolean replacing = new AtomicBoolean();
    private final ExecutorService replacer = Executors.newSingleThreadExecutor(runnable -> {
        Thread thread = new Thread(runnable, "producer-replacer");
        thread.setDaemon(true);
        return thread;
    });
    private volatile Producer<String, Order> producer;
    private volatile Callback countingCallback;
    private volatile boolean closed;
    private volatile boolean firstAcknowledged;

    /**
     * @param onNewProducer told of the first producer and of each replacement (to bind its client metrics)
     */
    public OrderSender(Properties properties, String topic, MeterRegistry registry, Optional<AcknowledgementLog> acknowledgementLog,
                       FatalProducerErrors.Listener fatalListener, Consumer<Producer<String, Order>> onNewProducer) {
        this.properties = properties;
        this.topic = topic;
        this.fatalListener = fatalListener;
        this.onNewProducer = onNewProducer;
        this.acknowledgementLog = acknowledgementLog.orElse(null);
        this.successCounter = Counter.builder(MeterNames.ORDERS_PRODUCED).tag("result", "success")
                .description("orders the broker acknowledged").register(registry);
        this.failureCounter = Counter.builder(MeterNames.ORDERS_PRODUCED).tag("result", "failure")
                .description("orders that could not be delivered").register(registry);
        install(new KafkaProducer<>(properties, new StringSerializer(), new OrderSerializer()));
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
        ProducerRecord<String, Order> record = new ProducerRecord<>(topic, order.userId(), order);
        Producer<String, Order> used = producer;
        try {
            return used.send(record, callbackFor(order));
        } catch (IllegalStateException e) {
            if (used != producer && !closed) {
                return sendOnReplacement(record, order); // replaced between our read and our send: not a failure
            }
            throw countFailure(used, e);
        } catch (KafkaException e) {
            throw countFailure(used, e);
        }
    }

    private Future<RecordMetadata> sendOnReplacement(ProducerRecord<String, Order> record, Order order) {
        Producer<String, Order> used = producer;
        try {
            return used.send(record, callbackFor(order));
        } catch (KafkaException | IllegalStateException e) {
            throw countFailure(used, e);
        }
    }

    // Thrown rather than passed to the callback: the producer is closed, interrupted, out of time
    // for metadata or buffer space, or in a state it cannot leave.
    private RuntimeException countFailure(Producer<String, Order> used, RuntimeException e) {
        failed.increment();
        failureCounter.increment();
        onError(used, e);
        return e;
    }

    private Callback callbackFor(Order order) {
        Callback counting = countingCallback;
        if (acknowledgementLog == null) {
            return counting; // verification off: one shared callback, nothing allocated per order
        }
        return (metadata, exception) -> {
            if (exception == null) {
                acknowledgementLog.acknowledged(order, metadata);
            }
            counting.onCompletion(metadata, exception);
        };
    }

    private void install(Producer<String, Order> fresh) {
        // One callback per producer instance, so an error is traced to the instance that had it.
        countingCallback = (metadata, exception) -> onCompletion(fresh, exception);
        producer = fresh;
        onNewProducer.accept(fresh);
    }

    private void onCompletion(Producer<String, Order> from, Exception exception) {
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
        onError(from, exception);
    }

    private void onError(Producer<String, Order> from, Throwable error) {
        if (FatalProducerErrors.isFatal(error)) {
            fatalListener.onFatalError(error);
        } else if (FatalProducerErrors.breaksProducer(error) && from == producer && !closed
                && replacing.compareAndSet(false, true)) {
            // Never close a producer on its own I/O thread (this may be its callback): hand it over.
            replacer.execute(() -> replace(from, error));
        }
    }

    private void replace(Producer<String, Order> broken, Throwable error) {
        try {
            log.warn("Kafka producer cannot go on after {}: closing it and starting a new one", error.toString());
            Properties renamed = new Properties();
            renamed.putAll(properties);
            // A new client.id: the new instance gets its own client metrics instead of colliding with the old.
            renamed.put(ProducerConfig.CLIENT_ID_CONFIG, properties.get(ProducerConfig.CLIENT_ID_CONFIG) + "-" + (replacements.sum() + 1));
            Producer<String, Order> fresh = new KafkaProducer<>(renamed, new StringSerializer(), new OrderSerializer());
            synchronized (this) {
                if (closed) {
                    fresh.close(Duration.ZERO);
                    return;
                }
                install(fresh);
            }
            replacements.increment();
            broken.close(Duration.ZERO); // what it still buffered fails: counted, never reported as sent
        } catch (RuntimeException e) {
            log.error("could not replace the Kafka producer", e);
            fatalListener.onFatalError(e);
        } finally {
            replacing.set(false);
        }
    }

    /** Fetches the topic's partitions (blocks up to {@code max.block.ms}): proof that Kafka answers. */
    /** Blocks until every order handed over so far is acknowledged or failed. */
    public void flush() {
        producer.flush();
    }

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

    /** How many times a broken producer instance was replaced by a new one. */
    public long replacements() {
        return replacements.sum();
    }

    /**
     * Sends what is buffered and waits for it up to {@code timeout}, then fails whatever is left
     * ({@code close(timeout)} is the producer's bounded flush: {@code flush()} has no timeout).
     * The verification file is flushed after that, so it holds every acknowledgement.
     */
    public void close(Duration timeout) {
        synchronized (this) {
            closed = true;
        }
        replacer.shutdown();
        producer.close(timeout);
        if (acknowledgementLog != null) {
            acknowledgementLog.close();
        }
    }

    @Override
    public void close() {
        close(Duration.ofSeconds(10));
    }
}

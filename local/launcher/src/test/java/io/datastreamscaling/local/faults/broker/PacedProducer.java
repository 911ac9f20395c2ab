package io.datastreamscaling.local.faults.broker;

import io.datastreamscaling.local.broker.testing.Await;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.locks.LockSupport;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * A raw idempotent producer sending at a steady rate from its own thread, recording every
 * acknowledgement ({@code VerifiableProducer}-style): the record of what was promised.
 *
 * <p>Record {@code n} has the id {@code order-n} (key of the check: unique) as its value and
 * {@code user-(n mod users)} as its key, so each user's records must also stay in send order.
 */
final class PacedProducer implements AutoCloseable {
    /** One acknowledged send; {@code sequence} is the send order, the times are {@link System#nanoTime()}. */
    record Ack(String id, String key, long sequence, int partition, long offset, long sentNanos, long ackedNanos) {
    }

    /** One failed send: where it was bound ({@code -1} if the producer never learnt it) and when, for the timeline. */
    record Failure(long sequence, int partition, long sentNanos, long failedNanos, String message) {
    }

    private final KafkaProducer<String, String> producer;
    private final String topic;
    private final int perSecond;
    private final int users;
    private final Queue<Ack> acks = new ConcurrentLinkedQueue<>();
    private final AtomicLongArray latestAckedSendPerPartition;
    private final Queue<Failure> failures = new ConcurrentLinkedQueue<>();
    private final Thread sender;
    private volatile boolean closed;

    PacedProducer(String bootstrapServers, String topic, int partitions, int perSecond, int users) {
        this.producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ProducerConfig.ACKS_CONFIG, "all", // acknowledged = on min.insync.replicas (2) replicas
                ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true, // a retry after a leader change adds no duplicate
                ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, 5, // the most idempotence keeps in order
                ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 120_000, // longer than any outage injected: retry, don't fail
                ProducerConfig.LINGER_MS_CONFIG, 5), // ~5 records a batch at 1,000/s
                new StringSerializer(), new StringSerializer());
        this.topic = topic;
        this.perSecond = perSecond;
        this.users = users;
        this.latestAckedSendPerPartition = new AtomicLongArray(partitions);
        for (int p = 0; p < partitions; p++) {
            latestAckedSendPerPartition.set(p, Long.MIN_VALUE);
        }
        this.sender = new Thread(this::sendAtRate, "paced-producer");
    }

    PacedProducer start() {
        sender.start();
        return this;
    }

    private void sendAtRate() {
        long start = System.nanoTime();
        long sent = 0;
        while (!closed) {
            long due = (System.nanoTime() - start) * perSecond / TimeUnit.SECONDS.toNanos(1);
            for (; sent < due && !closed; sent++) {
                send(sent);
            }
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(2));
        }
    }

    private void send(long sequence) {
        String id = "order-" + sequence;
        String key = "user-" + (sequence % users);
        long sentNanos = System.nanoTime();
        producer.send(new ProducerRecord<>(topic, key, id), (metadata, exception) -> {
            if (exception != null) {
                failures.add(new Failure(sequence, metadata == null ? -1 : metadata.partition(), sentNanos, System.nanoTime(),
                        String.valueOf(exception)));
                return;
            }
            acks.add(new Ack(id, key, sequence, metadata.partition(), metadata.offset(), sentNanos, System.nanoTime()));
            latestAckedSendPerPartition.accumulateAndGet(metadata.partition(), sentNanos, Math::max);
        });
    }

    /** Waits until a record sent after {@code sinceNanos} is acknowledged on {@code partition}. */
    void awaitAcknowledgedSendAfter(int partition, long sinceNanos, Duration timeout) {
        Await.until(timeout, () -> latestAckedSendPerPartition.get(partition) > sinceNanos,
                () -> "an acknowledgement on partition " + partition + " for a record sent after the fault; failures "
                        + failures.size() + ", first: " + failures.peek());
    }

    int acknowledgedCount() {
        return acks.size();
    }

    List<Ack> acknowledged() {
        return new ArrayList<>(acks);
    }

    List<Failure> failures() {
        return new ArrayList<>(failures);
    }

    /** Stops sending and waits for every outstanding send to be acknowledged or to fail. */
    @Override
    public void close() {
        closed = true;
        try {
            sender.join(TimeUnit.SECONDS.toMillis(30));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        producer.flush();
        producer.close(Duration.ofSeconds(30));
    }
}

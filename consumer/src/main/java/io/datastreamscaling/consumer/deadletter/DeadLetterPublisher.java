package io.datastreamscaling.consumer.deadletter;

import io.datastreamscaling.shared.kafka.DeadLetterHeaders;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.function.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.errors.RetriableException;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends poison records to the dead-letter topic with their original key, value and headers, plus
 * headers saying where they came from and what was wrong ({@link DeadLetterHeaders}), so they can be
 * inspected and replayed after a fix.
 *
 * <p>{@link #publish} returns only once the broker acknowledged every record: the caller commits
 * offsets past a poison record only after that, so a crash in between re-reads the record rather than
 * losing it. The price is that a retried batch may dead-letter a record twice (the dead-letter topic
 * is at-least-once; replay is idempotent downstream because orders are keyed by orderId).
 */
public final class DeadLetterPublisher {
    private static final Logger log = LoggerFactory.getLogger(DeadLetterPublisher.class);
    private static final int MAX_MESSAGE_LENGTH = 1000;

    private final Producer<byte[], byte[]> producer;
    private final String topic;
    private final String consumerGroup;
    private final Consumer<String> onDeadLettered;

    /** {@code onDeadLettered} receives the reason of each acknowledged record (for metrics). */
    public DeadLetterPublisher(Producer<byte[], byte[]> producer, String topic, String consumerGroup, Consumer<String> onDeadLettered) {
        this.producer = producer;
        this.topic = topic;
        this.consumerGroup = consumerGroup;
        this.onDeadLettered = onDeadLettered;
    }

    /**
     * Sends all, then waits for all acknowledgements.
     *
     * @throws DeadLetterUnavailableException a send failed for a reason that may pass (timeout,
     *                                        broker unavailable): retry the batch later
     * @throws KafkaException                 a send failed for good (authorization, …): fatal
     */
    public void publish(List<PoisonRecord> poison) throws DeadLetterUnavailableException {
        if (poison.isEmpty()) {
            return;
        }
        List<Future<RecordMetadata>> acks = new ArrayList<>(poison.size());
        for (PoisonRecord p : poison) {
            ConsumerRecord<byte[], byte[]> source = p.record();
            try {
                acks.add(producer.send(new ProducerRecord<>(topic, null, source.key(), source.value(), headers(p))));
            } catch (RetriableException e) {
                // send() blocks up to max.block.ms for metadata when the broker is away
                throw new DeadLetterUnavailableException("dead-letter send failed: " + e.getMessage(), e);
            }
        }
        for (int i = 0; i < acks.size(); i++) {
            await(acks.get(i));
            PoisonRecord p = poison.get(i);
            onDeadLettered.accept(p.reason());
            log.debug("dead-lettered {}-{}@{}: {}", p.record().topic(), p.record().partition(), p.record().offset(), p.error().getMessage());
        }
    }

    private static void await(Future<RecordMetadata> ack) throws DeadLetterUnavailableException {
        try {
            ack.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new DeadLetterUnavailableException("interrupted while waiting for the dead-letter topic", e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RetriableException) {
                throw new DeadLetterUnavailableException("dead-letter send failed: " + e.getCause().getMessage(), e.getCause());
            }
            throw e.getCause() instanceof KafkaException ke ? ke : new KafkaException(e.getCause());
        }
    }

    private Headers headers(PoisonRecord p) {
        ConsumerRecord<byte[], byte[]> source = p.record();
        RecordHeaders headers = new RecordHeaders();
        for (Header h : source.headers()) {
            headers.add(h);
        }
        add(headers, DeadLetterHeaders.SOURCE_TOPIC, source.topic());
        add(headers, DeadLetterHeaders.SOURCE_PARTITION, Integer.toString(source.partition()));
        add(headers, DeadLetterHeaders.SOURCE_OFFSET, Long.toString(source.offset()));
        add(headers, DeadLetterHeaders.SOURCE_TIMESTAMP, Long.toString(source.timestamp()));
        add(headers, DeadLetterHeaders.ERROR_CLASS, p.error().getClass().getName());
        add(headers, DeadLetterHeaders.ERROR_MESSAGE, truncate(String.valueOf(p.error().getMessage())));
        add(headers, DeadLetterHeaders.CONSUMER_GROUP, consumerGroup);
        return headers;
    }

    private static void add(Headers headers, String name, String value) {
        headers.add(name, value.getBytes(StandardCharsets.UTF_8));
    }

    private static String truncate(String message) {
        return message.length() <= MAX_MESSAGE_LENGTH ? message : message.substring(0, MAX_MESSAGE_LENGTH) + "…";
    }
}

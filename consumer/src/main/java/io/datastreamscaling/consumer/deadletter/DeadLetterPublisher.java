package io.datastreamscaling.consumer.deadletter;

import io.datastreamscaling.shared.kafka.DeadLetterHeaders;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.function.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.errors.AuthenticationException;
import org.apache.kafka.common.errors.AuthorizationException;
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
 *
 * <p><b>Size rule.</b> A dead letter is the source record plus the {@code dlq.*} headers, so a source
 * record close to the orders topic's limit does not fit a dead-letter topic with the same limit. A
 * dead letter whose size (upper bound, as the producer counts it) exceeds {@code maxRecordBytes} (the
 * dead-letter producer's {@code max.request.size}) keeps its key and headers and the first bytes of
 * its value, and says so: {@value #VALUE_TRUNCATED}{@code =true} and {@value #VALUE_ORIGINAL_BYTES};
 * the full value stays readable at {@code dlq.source.topic/partition/offset} for the topic's retention.
 * A dead letter the topic refuses anyway (its {@code max.message.bytes} below the producer's
 * {@code max.request.size}), or one that cannot fit even with an empty value, is
 * {@link DeadLetterUndeliverableException undeliverable}: the loop stops on it with an alert instead
 * of failing on it forever.
 */
public final class DeadLetterPublisher {
    private static final Logger log = LoggerFactory.getLogger(DeadLetterPublisher.class);
    /** {@code true} on a dead letter whose value was cut to fit the dead-letter topic. */
    public static final String VALUE_TRUNCATED = "dlq.value.truncated";
    /** The size in bytes of the source record's value, on a truncated dead letter. */
    public static final String VALUE_ORIGINAL_BYTES = "dlq.value.original.bytes";
    private static final int MAX_MESSAGE_LENGTH = 1000;
    /** DefaultRecordBatch overhead (61) + a record's worst-case fixed overhead (21), rounded up. */
    private static final int BATCH_AND_RECORD_OVERHEAD = 96;
    /** A varint length prefix, at most. */
    private static final int VARINT = 5;

    private final Producer<byte[], byte[]> producer;
    private final String topic;
    private final String consumerGroup;
    private final int maxRecordBytes;
    private final Consumer<String> onDeadLettered;

    /**
     * @param maxRecordBytes the dead-letter producer's {@code max.request.size}: larger dead letters are truncated
     * @param onDeadLettered receives the reason of each acknowledged record (for metrics)
     */
    public DeadLetterPublisher(Producer<byte[], byte[]> producer, String topic, String consumerGroup, int maxRecordBytes,
                               Consumer<String> onDeadLettered) {
        this.producer = producer;
        this.topic = topic;
        this.consumerGroup = consumerGroup;
        this.maxRecordBytes = maxRecordBytes;
        this.onDeadLettered = onDeadLettered;
    }

    /**
     * Sends all, then waits for all acknowledgements.
     *
     * @throws DeadLetterUnavailableException   a send failed for a reason that may pass (timeout,
     *                                          broker unavailable): retry the batch later
     * @throws DeadLetterUndeliverableException a dead letter can never be delivered (too large for the
     *                                          topic, refused for good): stop, do not skip it
     * @throws KafkaException                   authorization or authentication failed: fatal for the client
     */
    public void publish(List<PoisonRecord> poison) throws DeadLetterUnavailableException, DeadLetterUndeliverableException {
        if (poison.isEmpty()) {
            return;
        }
        List<Future<RecordMetadata>> acks = new ArrayList<>(poison.size());
        for (PoisonRecord p : poison) {
            try {
                acks.add(producer.send(fitted(p)));
            } catch (RetriableException e) {
                // send() blocks up to max.block.ms for metadata when the broker is away
                throw new DeadLetterUnavailableException("dead-letter send failed: " + e.getMessage(), e);
            }
        }
        for (int i = 0; i < acks.size(); i++) {
            PoisonRecord p = poison.get(i);
            await(acks.get(i), p);
            onDeadLettered.accept(p.reason());
            log.debug("dead-lettered {}-{}@{}: {}", p.record().topic(), p.record().partition(), p.record().offset(), p.error().getMessage());
        }
    }

    private void await(Future<RecordMetadata> ack, PoisonRecord p) throws DeadLetterUnavailableException, DeadLetterUndeliverableException {
        try {
            ack.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new DeadLetterUnavailableException("interrupted while waiting for the dead-letter topic", e);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof RetriableException) {
                throw new DeadLetterUnavailableException("dead-letter send failed: " + cause.getMessage(), cause);
            }
            if (cause instanceof AuthorizationException || cause instanceof AuthenticationException) {
                throw (KafkaException) cause;
            }
            // Not retriable (RecordTooLargeException: the topic's max.message.bytes is below the
            // producer's max.request.size; InvalidTopicException, …): retrying fails the same way forever.
            throw new DeadLetterUndeliverableException(topic + " refused the dead letter of " + location(p) + " for good ("
                    + cause + "); if too large, give " + topic + " a max.message.bytes of at least the dead-letter producer's "
                    + "max.request.size (" + maxRecordBytes + ")", cause);
        }
    }

    /** The dead letter as sent: the whole source record, or its value cut to fit {@code maxRecordBytes}. */
    private ProducerRecord<byte[], byte[]> fitted(PoisonRecord p) throws DeadLetterUndeliverableException {
        ConsumerRecord<byte[], byte[]> source = p.record();
        Headers headers = headers(p);
        byte[] value = source.value();
        int valueBytes = value == null ? 0 : value.length;
        long size = sizeUpperBound(source.key(), valueBytes, headers);
        if (size <= maxRecordBytes) {
            return new ProducerRecord<>(topic, null, source.key(), value, headers);
        }
        add(headers, VALUE_TRUNCATED, "true");
        add(headers, VALUE_ORIGINAL_BYTES, Integer.toString(valueBytes));
        long room = maxRecordBytes - sizeUpperBound(source.key(), 0, headers);
        if (room < 0) {
            throw new DeadLetterUndeliverableException("the dead letter of " + location(p) + " does not fit "
                    + maxRecordBytes + " bytes (the dead-letter producer's max.request.size) even without its value: "
                    + "key and headers alone take " + (maxRecordBytes - room), null);
        }
        log.warn("dead letter of {} truncated from {} to {} value bytes to fit max.request.size {} ({}=true)",
                location(p), valueBytes, room, maxRecordBytes, VALUE_TRUNCATED);
        return new ProducerRecord<>(topic, null, source.key(), Arrays.copyOf(value, (int) room), headers);
    }

    /** What the producer counts against max.request.size, rounded up (DefaultRecord's varint framing). */
    static long sizeUpperBound(byte[] key, int valueBytes, Headers headers) {
        long size = BATCH_AND_RECORD_OVERHEAD + VARINT + (key == null ? 0 : key.length) + VARINT + valueBytes + VARINT;
        for (Header h : headers) {
            size += VARINT + h.key().getBytes(StandardCharsets.UTF_8).length + VARINT + (h.value() == null ? 0 : h.value().length);
        }
        return size;
    }

    private static String location(PoisonRecord p) {
        return p.record().topic() + "-" + p.record().partition() + "@" + p.record().offset();
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

package io.datastreamscaling.consumer.deadletter;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.datastreamscaling.shared.kafka.DeadLetterHeaders;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.NotEnoughReplicasException;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.record.TimestampType;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Test;

/** The dead-letter size rule and the failures that must never loop, on a MockProducer. */
class DeadLetterPublisherTest {
    private static final int MAX_REQUEST_SIZE = 4_096;

    private final List<String> acknowledged = new ArrayList<>();

    private static PoisonRecord poison(byte[] value) {
        RecordHeaders headers = new RecordHeaders();
        headers.add("trace-id", "abc".getBytes(StandardCharsets.UTF_8));
        ConsumerRecord<byte[], byte[]> record = new ConsumerRecord<>("orders", 2, 41L, 0L, TimestampType.CREATE_TIME,
                5, value.length, "k".getBytes(StandardCharsets.UTF_8), value, headers, Optional.empty());
        return new PoisonRecord(record, new IllegalArgumentException("not an order"), "undecodable");
    }

    private static String header(ProducerRecord<byte[], byte[]> record, String name) {
        Header h = record.headers().lastHeader(name);
        return h == null ? null : new String(h.value(), StandardCharsets.UTF_8);
    }

    private static long size(ProducerRecord<byte[], byte[]> record) {
        return DeadLetterPublisher.sizeUpperBound(record.key(), record.value().length, record.headers());
    }

    @Test
    void deadLetterThatFitsKeepsTheWholeValueAndNoTruncationHeader() throws Exception {
        MockProducer<byte[], byte[]> producer = new MockProducer<>(true, null, new ByteArraySerializer(), new ByteArraySerializer());
        byte[] value = new byte[1_000];

        new DeadLetterPublisher(producer, "orders.dlq", "g", MAX_REQUEST_SIZE, acknowledged::add).publish(List.of(poison(value)));

        ProducerRecord<byte[], byte[]> sent = producer.history().get(0);
        assertArrayEquals(value, sent.value());
        assertNull(header(sent, DeadLetterPublisher.VALUE_TRUNCATED));
        assertEquals(List.of("undecodable"), acknowledged);
    }

    @Test
    void sourceRecordAtTheSizeLimitIsTruncatedToFitWithHeadersSayingSo() throws Exception {
        MockProducer<byte[], byte[]> producer = new MockProducer<>(true, null, new ByteArraySerializer(), new ByteArraySerializer());
        byte[] value = new byte[MAX_REQUEST_SIZE - 100];
        Arrays.fill(value, (byte) 'x');

        new DeadLetterPublisher(producer, "orders.dlq", "g", MAX_REQUEST_SIZE, acknowledged::add).publish(List.of(poison(value)));

        ProducerRecord<byte[], byte[]> sent = producer.history().get(0);
        assertTrue(size(sent) <= MAX_REQUEST_SIZE, "fits max.request.size: " + size(sent));
        assertTrue(sent.value().length > 0 && sent.value().length < value.length, "value cut, not dropped: " + sent.value().length);
        assertArrayEquals(Arrays.copyOf(value, sent.value().length), sent.value(), "the first bytes of the value, unchanged");
        assertEquals("true", header(sent, DeadLetterPublisher.VALUE_TRUNCATED));
        assertEquals(Integer.toString(value.length), header(sent, DeadLetterPublisher.VALUE_ORIGINAL_BYTES));
        assertEquals("41", header(sent, DeadLetterHeaders.SOURCE_OFFSET), "where the whole value still is");
        assertEquals("abc", header(sent, "trace-id"), "original headers kept");
        assertEquals(List.of("undecodable"), acknowledged);
    }

    @Test
    void deadLetterTheTopicRefusesForGoodIsUndeliverableNotRetriedForever() {
        MockProducer<byte[], byte[]> producer = new MockProducer<>(false, null, new ByteArraySerializer(), new ByteArraySerializer());
        DeadLetterPublisher publisher = new DeadLetterPublisher(producer, "orders.dlq", "g", MAX_REQUEST_SIZE, acknowledged::add);
        CompletableFuture<Void> refuse = CompletableFuture.runAsync(() -> {
            while (!producer.errorNext(new RecordTooLargeException("MESSAGE_TOO_LARGE"))) {
                Thread.onSpinWait();
            }
        });

        DeadLetterUndeliverableException e = assertThrows(DeadLetterUndeliverableException.class,
                () -> publisher.publish(List.of(poison(new byte[10]))));
        refuse.join();
        assertTrue(e.getMessage().contains("orders-2@41") && e.getMessage().contains("max.message.bytes"),
                "names the record and the fix: " + e.getMessage());
        assertEquals(List.of(), acknowledged);
    }

    @Test
    void deadLetterTopicTemporarilyUnavailableIsRetriable() {
        MockProducer<byte[], byte[]> producer = new MockProducer<>(false, null, new ByteArraySerializer(), new ByteArraySerializer());
        DeadLetterPublisher publisher = new DeadLetterPublisher(producer, "orders.dlq", "g", MAX_REQUEST_SIZE, acknowledged::add);
        CompletableFuture<Void> refuse = CompletableFuture.runAsync(() -> {
            while (!producer.errorNext(new NotEnoughReplicasException("NOT_ENOUGH_REPLICAS"))) {
                Thread.onSpinWait();
            }
        });

        assertThrows(DeadLetterUnavailableException.class, () -> publisher.publish(List.of(poison(new byte[10]))));
        refuse.join();
    }

    @Test
    void deadLetterWhoseHeadersAloneExceedTheLimitIsUndeliverable() {
        MockProducer<byte[], byte[]> producer = new MockProducer<>(true, null, new ByteArraySerializer(), new ByteArraySerializer());
        PoisonRecord p = poison(new byte[10]);
        p.record().headers().add("huge", new byte[MAX_REQUEST_SIZE]);

        assertThrows(DeadLetterUndeliverableException.class,
                () -> new DeadLetterPublisher(producer, "orders.dlq", "g", MAX_REQUEST_SIZE, acknowledged::add).publish(List.of(p)));
        assertEquals(List.of(), producer.history(), "nothing sent that the producer would refuse");
    }
}

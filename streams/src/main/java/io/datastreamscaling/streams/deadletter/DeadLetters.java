package io.datastreamscaling.streams.deadletter;

import io.datastreamscaling.shared.kafka.DeadLetterHeaders;
import io.datastreamscaling.streams.topology.SourceLineage;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Builds the dead-letter record for a poison record: its original key, value and headers, plus the
 * {@link DeadLetterHeaders} the consumer writes too, so one replay tool reads both. The record is
 * handed back to Kafka Streams in the handler's response, which writes it in the same transaction as
 * the input offsets: under exactly-once a poison record is dead-lettered exactly once.
 *
 * <p><b>Size.</b> A dead letter is the source record plus headers, so a source record close to the
 * topic's 1 MiB limit does not fit the Streams producer's {@code max.request.size}: the producer would
 * refuse it, which aborts the transaction, and the same record would fail again on every retry. Such a
 * dead letter keeps its key and headers and the first bytes of its value, and says so, with the
 * consumer's header names: {@value #VALUE_TRUNCATED}{@code =true} and {@value #VALUE_ORIGINAL_BYTES}.
 * The whole value stays readable at {@code dlq.source.topic/partition/offset} for the topic's retention.
 *
 * <p>Kafka Streams creates the exception handlers itself, by class name; they find this object in
 * their configuration under {@link #CONFIG_KEY}.
 */
public final class DeadLetters {
    /** Key of this object in the Streams configuration, for the handlers' {@code configure()}. */
    public static final String CONFIG_KEY = "datastreamscaling.dead.letters";
    /** {@code dlq_records_total{reason}} of a record whose output the broker refused. */
    public static final String REFUSED = "refused";
    /** The reasons this package adds to {@code OrderDecodingException.REASONS}. */
    public static final List<String> REASONS = List.of(REFUSED);
    /** {@code true} on a dead letter whose value was cut to fit (same name as the consumer's). */
    public static final String VALUE_TRUNCATED = "dlq.value.truncated";
    /** The size in bytes of the source record's value, on a truncated dead letter. */
    public static final String VALUE_ORIGINAL_BYTES = "dlq.value.original.bytes";
    private static final Logger log = LoggerFactory.getLogger(DeadLetters.class);
    private static final int MAX_MESSAGE_LENGTH = 1000;
    /** DefaultRecordBatch overhead (61) + a record's worst-case fixed overhead (21), rounded up. */
    private static final int BATCH_AND_RECORD_OVERHEAD = 96;
    /** A varint length prefix, at most. */
    private static final int VARINT = 5;

    private final String topic;
    private final String applicationId;
    private final int maxRecordBytes;
    private final Consumer<String> onDeadLettered;
    private final RefusedOutputs refused = new RefusedOutputs();

    /**
     * @param maxRecordBytes the Streams producer's {@code max.request.size}: larger dead letters are truncated
     * @param onDeadLettered receives the reason of each dead letter built (for {@code dlq_records_total})
     */
    public DeadLetters(String topic, String applicationId, int maxRecordBytes, Consumer<String> onDeadLettered) {
        this.topic = topic;
        this.applicationId = applicationId;
        this.maxRecordBytes = maxRecordBytes;
        this.onDeadLettered = onDeadLettered;
    }

    static DeadLetters from(Map<String, ?> configs) {
        if (!(configs.get(CONFIG_KEY) instanceof DeadLetters deadLetters)) {
            throw new ConfigException(CONFIG_KEY + " must hold a " + DeadLetters.class.getName()
                    + " (StreamsService wires it)");
        }
        return deadLetters;
    }

    public String topic() {
        return topic;
    }

    /** The input records whose output the broker refused: the topology dead-letters them when read again. */
    public RefusedOutputs refused() {
        return refused;
    }

    /** The original record, with its coordinates and the error in headers; counted under {@code reason}. */
    ProducerRecord<byte[], byte[]> record(String reason, Source source, Exception error) {
        Headers headers = new RecordHeaders();
        if (source.headers() != null) {
            for (Header header : source.headers()) {
                headers.add(header);
            }
        }
        // Our own provenance header describes an output record, not this input record.
        headers.remove(SourceLineage.HEADER);
        put(headers, DeadLetterHeaders.SOURCE_TOPIC, source.topic());
        put(headers, DeadLetterHeaders.SOURCE_PARTITION, Integer.toString(source.partition()));
        put(headers, DeadLetterHeaders.SOURCE_OFFSET, Long.toString(source.offset()));
        put(headers, DeadLetterHeaders.SOURCE_TIMESTAMP, Long.toString(source.timestamp()));
        put(headers, DeadLetterHeaders.ERROR_CLASS, error.getClass().getName());
        put(headers, DeadLetterHeaders.ERROR_MESSAGE, abbreviate(String.valueOf(error.getMessage())));
        put(headers, DeadLetterHeaders.CONSUMER_GROUP, applicationId);
        onDeadLettered.accept(reason);
        byte[] value = fitted(source, headers);
        // No timestamp: the broker stamps the time of dead-lettering, so topic retention counts from
        // then (and an unusable source timestamp cannot make the dead letter itself refused); the
        // original time is in dlq.source.timestamp.
        return new ProducerRecord<>(topic, null, null, source.key(), value, headers);
    }

    /** The source value, or its first bytes with the truncation headers when the whole would not fit. */
    private byte[] fitted(Source source, Headers headers) {
        byte[] value = source.value();
        int valueBytes = value == null ? 0 : value.length;
        if (sizeUpperBound(source.key(), valueBytes, headers) <= maxRecordBytes) {
            return value;
        }
        put(headers, VALUE_TRUNCATED, "true");
        put(headers, VALUE_ORIGINAL_BYTES, Integer.toString(valueBytes));
        long room = Math.max(0, maxRecordBytes - sizeUpperBound(source.key(), 0, headers));
        log.warn("dead letter of {}-{}@{} truncated from {} to {} value bytes to fit max.request.size {} ({}=true)",
                source.topic(), source.partition(), source.offset(), valueBytes, room, maxRecordBytes, VALUE_TRUNCATED);
        return Arrays.copyOf(value, (int) room);
    }

    /** What the producer counts against max.request.size, rounded up (DefaultRecord's varint framing). */
    static long sizeUpperBound(byte[] key, int valueBytes, Headers headers) {
        long size = BATCH_AND_RECORD_OVERHEAD + VARINT + (key == null ? 0 : key.length) + VARINT + valueBytes + VARINT;
        for (Header h : headers) {
            size += VARINT + h.key().getBytes(StandardCharsets.UTF_8).length + VARINT + (h.value() == null ? 0 : h.value().length);
        }
        return size;
    }

    @Override
    public String toString() {
        return "DeadLetters[topic=" + topic + "]";
    }

    private static String abbreviate(String message) {
        return message.length() <= MAX_MESSAGE_LENGTH ? message : message.substring(0, MAX_MESSAGE_LENGTH) + "…";
    }

    private static void put(Headers headers, String name, String value) {
        headers.remove(name);
        headers.add(name, value == null ? null : value.getBytes(StandardCharsets.UTF_8));
    }

    /** Where a poison record came from, as the handlers see it. */
    record Source(String topic, int partition, long offset, long timestamp, byte[] key, byte[] value, Headers headers) {
    }
}

package io.datastreamscaling.streams.deadletter;

import io.datastreamscaling.shared.kafka.DeadLetterHeaders;
import io.datastreamscaling.streams.StreamsMeters;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;

/**
 * Builds the dead-letter record for a poison record: its original key, value and headers, plus the
 * {@link DeadLetterHeaders} the consumer writes too, so one replay tool reads both. The record is
 * handed back to Kafka Streams in the handler's response, which writes it in the same transaction as
 * the input offsets: under exactly-once a poison record is dead-lettered exactly once.
 *
 * <p>Kafka Streams creates the exception handlers itself, by class name; they find this object in
 * their configuration under {@link #CONFIG_KEY}.
 */
public final class DeadLetters {
    /** Key of this object in the Streams configuration, for the handlers' {@code configure()}. */
    public static final String CONFIG_KEY = "datastreamscaling.dead.letters";

    private final String topic;
    private final String applicationId;
    private final StreamsMeters meters;

    public DeadLetters(String topic, String applicationId, StreamsMeters meters) {
        this.topic = topic;
        this.applicationId = applicationId;
        this.meters = meters;
    }

    static DeadLetters from(Map<String, ?> configs) {
        if (!(configs.get(CONFIG_KEY) instanceof DeadLetters deadLetters)) {
            throw new ConfigException(CONFIG_KEY + " must hold a " + DeadLetters.class.getName()
                    + " (the topology wires it; see OrderTopology.streamsProperties)");
        }
        return deadLetters;
    }

    /** The original record, with its coordinates and the error in headers; counted under {@code reason}. */
    ProducerRecord<byte[], byte[]> record(String reason, Source source, Exception error) {
        Headers headers = new RecordHeaders();
        if (source.headers() != null) {
            for (Header header : source.headers()) {
                headers.add(header);
            }
        }
        put(headers, DeadLetterHeaders.SOURCE_TOPIC, source.topic());
        put(headers, DeadLetterHeaders.SOURCE_PARTITION, Integer.toString(source.partition()));
        put(headers, DeadLetterHeaders.SOURCE_OFFSET, Long.toString(source.offset()));
        put(headers, DeadLetterHeaders.SOURCE_TIMESTAMP, Long.toString(source.timestamp()));
        put(headers, DeadLetterHeaders.ERROR_CLASS, error.getClass().getName());
        put(headers, DeadLetterHeaders.ERROR_MESSAGE, String.valueOf(error.getMessage()));
        put(headers, DeadLetterHeaders.CONSUMER_GROUP, applicationId);
        meters.deadLettered(reason).increment();
        // No timestamp: the broker stamps the time of dead-lettering, so topic retention counts from
        // then; the original time is in dlq.source.timestamp.
        return new ProducerRecord<>(topic, null, null, source.key(), source.value(), headers);
    }

    @Override
    public String toString() {
        return "DeadLetters[topic=" + topic + "]";
    }

    private static void put(Headers headers, String name, String value) {
        headers.remove(name);
        headers.add(name, value == null ? null : value.getBytes(StandardCharsets.UTF_8));
    }

    /** Where a poison record came from, as both handlers see it. */
    record Source(String topic, int partition, long offset, long timestamp, byte[] key, byte[] value, Headers headers) {
    }
}

package io.datastreamscaling.streams.topology;

import java.nio.charset.StandardCharsets;
import java.util.Optional;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;

/**
 * The header that names the input record an output record came from: {@value #HEADER} =
 * {@code topic/partition/offset} (topic names cannot contain {@code /}).
 *
 * <p>Why: the broker answers a produce request asynchronously, and by then Kafka Streams' error
 * context points at whatever record is being processed at that moment, not the one whose output was
 * refused. The output record itself, handed to the production exception handler, still carries this
 * header, so the right input record is dead-lettered. Readers of {@code orders.enriched} can use it
 * as provenance.
 */
public record SourceLineage(String topic, int partition, long offset) {
    public static final String HEADER = "streams.source";

    void stampOn(Headers headers) {
        headers.remove(HEADER);
        headers.add(HEADER, (topic + "/" + partition + "/" + offset).getBytes(StandardCharsets.UTF_8));
    }

    /** The lineage an output record carries, if any (records this topology did not produce have none). */
    public static Optional<SourceLineage> of(Headers headers) {
        Header header = headers == null ? null : headers.lastHeader(HEADER);
        if (header == null || header.value() == null) {
            return Optional.empty();
        }
        String[] parts = new String(header.value(), StandardCharsets.UTF_8).split("/", -1);
        if (parts.length != 3) {
            return Optional.empty();
        }
        try {
            return Optional.of(new SourceLineage(parts[0], Integer.parseInt(parts[1]), Long.parseLong(parts[2])));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }
}

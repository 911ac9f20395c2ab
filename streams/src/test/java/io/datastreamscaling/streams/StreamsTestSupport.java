package io.datastreamscaling.streams;

import io.datastreamscaling.shared.config.Env;
import io.datastreamscaling.shared.kafka.Topics;
import io.datastreamscaling.streams.deadletter.DeadLetters;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.streams.StreamsConfig;

/** The production Kafka Streams properties, for tests that run the topology without a broker. */
public final class StreamsTestSupport {
    private StreamsTestSupport() {
    }

    /** The same properties {@link StreamsService} uses, so the driver runs the real handlers. */
    public static Properties driverProperties(StreamsSettings settings, StreamsMeters meters) {
        Properties props = StreamsProperties.build(settings, Env.of(Map.of()), "localhost:1",
                new DeadLetters(Topics.ORDERS_DLQ, settings.applicationId(), StreamsProperties.DEFAULT_MAX_REQUEST_SIZE,
                        reason -> meters.deadLettered(reason).increment()));
        // The driver does not model transactions, and under exactly_once_v2 it drops the dead
        // letters a deserialization handler returns; the integration tests prove exactly-once (and
        // dead-lettering under it) on a real broker.
        props.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.AT_LEAST_ONCE);
        return props;
    }
}

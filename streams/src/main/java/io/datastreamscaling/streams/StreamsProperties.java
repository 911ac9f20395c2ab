package io.datastreamscaling.streams;

import io.datastreamscaling.shared.config.Env;
import io.datastreamscaling.shared.config.KafkaSettings;
import io.datastreamscaling.streams.deadletter.DeadLetters;
import io.datastreamscaling.streams.deadletter.InvalidOrderProcessingHandler;
import io.datastreamscaling.streams.deadletter.OrderDeserializationHandler;
import io.datastreamscaling.streams.deadletter.RefusedOutputHandler;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.streams.StreamsConfig;

/** The Kafka Streams configuration, each setting with the guarantee or behaviour it buys. */
final class StreamsProperties {
    /** The producer's own default {@code max.request.size} (1 MiB). */
    static final int DEFAULT_MAX_REQUEST_SIZE = 1_048_576;

    private StreamsProperties() {
    }

    /**
     * @param applicationServer this instance's {@code host:port} for interactive queries
     * @param deadLetters       handed to the exception handlers Kafka Streams instantiates
     */
    static Properties build(StreamsSettings settings, Env env, String applicationServer, DeadLetters deadLetters) {
        Map<String, Object> defaults = new LinkedHashMap<>();
        // consumer group, transactional id prefix and internal topic prefix
        defaults.put(StreamsConfig.APPLICATION_ID_CONFIG, settings.applicationId());
        // read-process-write in one transaction: input offsets, state changelogs, outputs and dead
        // letters commit together or not at all, so a restart neither loses nor double-counts an order
        defaults.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
        // warm copies of the window stores elsewhere: a fail-over restores a little, not all
        defaults.put(StreamsConfig.NUM_STANDBY_REPLICAS_CONFIG, settings.standbyReplicas());
        // RocksDB state lives here; on a persistent volume, a restart restores only the changelog tail
        defaults.put(StreamsConfig.STATE_DIR_CONFIG, settings.stateDir().toString());
        // published in the group metadata, so any instance can tell where a user's windows live
        defaults.put(StreamsConfig.APPLICATION_SERVER_CONFIG, applicationServer);
        // internal topics (changelogs, repartition) as durable as our own topics
        defaults.put(StreamsConfig.REPLICATION_FACTOR_CONFIG, (int) settings.topics().replicationFactor());
        // a poison record goes to orders.dlq, in the same transaction, instead of stopping the app
        defaults.put(StreamsConfig.DESERIALIZATION_EXCEPTION_HANDLER_CLASS_CONFIG, OrderDeserializationHandler.class);
        // an order the topology rejects goes there too; any other failure still fails the thread
        defaults.put(StreamsConfig.PROCESSING_EXCEPTION_HANDLER_CLASS_CONFIG, InvalidOrderProcessingHandler.class);
        // an output record the broker refuses for what it is (timestamp, size) sends its input
        // record to orders.dlq instead of failing on it forever
        defaults.put(StreamsConfig.PRODUCTION_EXCEPTION_HANDLER_CLASS_CONFIG, RefusedOutputHandler.class);
        // refuse to start if a store or internal topic would get a generated name: a generated name
        // can change with the topology, and a renamed changelog means silently empty state
        defaults.put(StreamsConfig.ENSURE_EXPLICIT_INTERNAL_RESOURCE_NAMING_CONFIG, true);
        // The service-internals dashboard shows state-store put rates and record lateness, which
        // Kafka Streams records only at DEBUG. Its sensors cost no measurable throughput here
        // (docs/benchmarks.md, "Streams: metrics at DEBUG vs INFO", quiet machine: DEBUG 9,750 vs
        // INFO 9,572 orders/s); overridable with KAFKA_STREAMS_METRICS_RECORDING_LEVEL=INFO.
        defaults.put(StreamsConfig.METRICS_RECORDING_LEVEL_CONFIG, "DEBUG");
        Properties props = KafkaSettings.clientProperties(env, KafkaSettings.Client.STREAMS, defaults);
        // Not a Kafka setting: the object the handlers look up in configure(); never overridable.
        props.put(DeadLetters.CONFIG_KEY, deadLetters);
        return props;
    }

    /**
     * The {@code max.request.size} the Streams producer will use (an override with or without the
     * {@code producer.} prefix included): dead letters are cut to fit it.
     */
    static int producerMaxRequestSize(StreamsSettings settings, Env env) {
        Properties props = KafkaSettings.clientProperties(env, KafkaSettings.Client.STREAMS,
                Map.of(StreamsConfig.APPLICATION_ID_CONFIG, settings.applicationId()));
        Object value = new StreamsConfig(props).getProducerConfigs("probe").get(ProducerConfig.MAX_REQUEST_SIZE_CONFIG);
        return value == null ? DEFAULT_MAX_REQUEST_SIZE : Integer.parseInt(value.toString().trim());
    }
}

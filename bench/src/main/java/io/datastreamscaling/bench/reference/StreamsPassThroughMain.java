package io.datastreamscaling.bench.reference;

import io.datastreamscaling.shared.config.Env;
import io.datastreamscaling.shared.config.KafkaSettings;
import io.datastreamscaling.shared.kafka.TopicSettings;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CountDownLatch;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.Produced;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The streams reference: source {@code ORDERS_TOPIC} → sink {@code PASS_THROUGH_OUTPUT_TOPIC}, bytes in,
 * bytes out, nothing decoded, no state. Everything a Kafka Streams application pays whatever its
 * topology (poll, produce, an exactly-once transaction per commit) and nothing more, so our
 * topology's orders/s divided by this one's is what the topology itself costs.
 *
 * <p>Configured as our streams service configures itself ({@code StreamsProperties} in the streams
 * module, not public, so copied here setting by setting): {@code exactly_once_v2}, metrics at DEBUG,
 * the topics' replication factor, no standby, explicit internal names, and the same
 * {@code KAFKA_STREAMS_*} overrides from the environment through the shared {@link KafkaSettings}.
 * Left out: the dead-letter exception handlers (they act only on a bad record; the bench's input
 * has none) and {@code application.server} (interactive queries). Logs "state X -> RUNNING" as ours does.
 */
public final class StreamsPassThroughMain {
    public static final String OUTPUT_TOPIC = "PASS_THROUGH_OUTPUT_TOPIC";
    private static final Logger log = LoggerFactory.getLogger(StreamsPassThroughMain.class);

    private StreamsPassThroughMain() {
    }

    public static void main(String[] args) throws InterruptedException {
        Env env = Env.system();
        String input = env.required("ORDERS_TOPIC");
        String output = env.required(OUTPUT_TOPIC);
        StreamsBuilder builder = new StreamsBuilder();
        builder.stream(input, Consumed.with(Serdes.ByteArray(), Serdes.ByteArray()).withName("orders-source"))
                .to(output, Produced.with(Serdes.ByteArray(), Serdes.ByteArray()).withName("pass-through-sink"));
        KafkaStreams streams = new KafkaStreams(builder.build(), properties(env));
        CountDownLatch stopped = new CountDownLatch(1);
        streams.setStateListener((now, before) -> {
            log.info("pass-through state {} -> {}", before, now);
            if (now == KafkaStreams.State.NOT_RUNNING || now == KafkaStreams.State.ERROR) {
                stopped.countDown();
            }
        });
        Runtime.getRuntime().addShutdownHook(new Thread(streams::close, "pass-through-shutdown"));
        streams.start();
        stopped.await();
    }

    static Properties properties(Env env) {
        Map<String, Object> defaults = new LinkedHashMap<>();
        // a fresh group, transactional id prefix and state per round
        defaults.put(StreamsConfig.APPLICATION_ID_CONFIG, env.required("STREAMS_APPLICATION_ID"));
        // the guarantee ours runs with: input offsets and outputs commit in one transaction
        defaults.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
        // ours' default (STREAMS_STANDBY_REPLICAS unset)
        defaults.put(StreamsConfig.NUM_STANDBY_REPLICAS_CONFIG, 0);
        defaults.put(StreamsConfig.STATE_DIR_CONFIG, env.required("STREAMS_STATE_DIR"));
        // internal topics as durable as the topics (none here, kept for equal settings)
        defaults.put(StreamsConfig.REPLICATION_FACTOR_CONFIG, (int) TopicSettings.from(env).replicationFactor());
        defaults.put(StreamsConfig.ENSURE_EXPLICIT_INTERNAL_RESOURCE_NAMING_CONFIG, true);
        // ours records at DEBUG (its dashboards need it); the same sensors here
        defaults.put(StreamsConfig.METRICS_RECORDING_LEVEL_CONFIG, "DEBUG");
        return KafkaSettings.clientProperties(env, KafkaSettings.Client.STREAMS, defaults);
    }
}

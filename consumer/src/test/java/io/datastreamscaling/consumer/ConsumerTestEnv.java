package io.datastreamscaling.consumer;

import io.datastreamscaling.local.broker.testing.TestKafka;
import io.datastreamscaling.shared.config.Env;
import io.datastreamscaling.shared.config.KafkaSettings;
import io.datastreamscaling.shared.kafka.TopicSettings;
import java.util.HashMap;
import java.util.Map;

/** The environment of a consumer under test: the shared broker, its own topics and group, port 0. */
final class ConsumerTestEnv {
    private ConsumerTestEnv() {
    }

    static Env of(String topic, String group, Map<String, String> extra) {
        return Env.of(vars(topic, group, extra));
    }

    static Map<String, String> vars(String topic, String group, Map<String, String> extra) {
        Map<String, String> vars = new HashMap<>();
        vars.put(KafkaSettings.BOOTSTRAP_SERVERS, TestKafka.bootstrapServers());
        vars.put(ConsumerSettings.ORDERS_TOPIC, topic);
        vars.put(ConsumerSettings.DLQ_TOPIC, topic + ".dlq");
        vars.put(ConsumerSettings.CONSUMER_GROUP_ID, group);
        vars.put(ConsumerSettings.HTTP_PORT, "0");
        vars.put(TopicSettings.PARTITIONS, "3");
        vars.put(ConsumerSettings.CONSUMER_RETRY_BACKOFF_MAX_MS, "1000");
        vars.putAll(extra);
        return vars;
    }
}

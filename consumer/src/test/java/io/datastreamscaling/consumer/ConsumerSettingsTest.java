package io.datastreamscaling.consumer;

import static io.datastreamscaling.local.broker.testing.Await.until;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.datastreamscaling.consumer.sink.clickhouse.ClickHouseSettings;
import io.datastreamscaling.consumer.sink.log.LogSink;
import io.datastreamscaling.consumer.testing.TestOrders;
import io.datastreamscaling.local.broker.testing.TestKafka;
import io.datastreamscaling.shared.config.Env;
import io.datastreamscaling.shared.config.InvalidSettingException;
import java.time.Duration;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.junit.jupiter.api.Test;

/** Configuration: bad values stop start-up naming the variable; pass-through reaches the client. */
class ConsumerSettingsTest {

    @Test
    void badValueNamesTheVariable() {
        Env env = ConsumerTestEnv.of("t", "g", Map.of(ConsumerSettings.CONSUMER_AUTO_OFFSET_RESET, "sometimes"));

        InvalidSettingException e = assertThrows(InvalidSettingException.class, () -> ConsumerService.start(env));

        assertEquals(ConsumerSettings.CONSUMER_AUTO_OFFSET_RESET, e.variable());
        assertTrue(e.getMessage().startsWith("CONSUMER_AUTO_OFFSET_RESET: 'sometimes' is not one of earliest, latest, none"), e.getMessage());
    }

    @Test
    void unknownPassThroughPropertyNamesTheVariable() {
        Env env = ConsumerTestEnv.of("t", "g", Map.of("KAFKA_CONSUMER_MAX_POLL_RECORDZ", "5"));

        InvalidSettingException e = assertThrows(InvalidSettingException.class, () -> ConsumerService.start(env));

        assertEquals("KAFKA_CONSUMER_MAX_POLL_RECORDZ", e.variable());
    }

    @Test
    void sinkModeIsOnlyReadForThePostgresSink() {
        Env env = ConsumerTestEnv.of("t", "g", Map.of(ConsumerSettings.SINK, "postgres", ConsumerSettings.SINK_MODE, "twice"));

        InvalidSettingException e = assertThrows(InvalidSettingException.class, () -> ConsumerSettings.from(env));

        assertEquals(ConsumerSettings.SINK_MODE, e.variable());
    }

    @Test
    void theClickHouseSinkIsItsOwnGroupUnlessOneIsNamed() {
        Env env = Env.of(Map.of(ConsumerSettings.SINK, "clickhouse"));

        ConsumerSettings settings = ConsumerSettings.from(env);

        assertEquals(ConsumerSettings.DEFAULT_ANALYTICS_GROUP_ID, settings.groupId(), "beside orders-consumer, not inside it");
        assertEquals("http://localhost:8123", settings.clickHouse().orElseThrow().url().toString());
        assertEquals("orders-analytics-2", ConsumerSettings.from(env.with(ConsumerSettings.CONSUMER_GROUP_ID, "orders-analytics-2")).groupId());
    }

    @Test
    void aClickHouseUrlWithCredentialsNamesTheVariableWithoutTheSecret() {
        Env env = Env.of(Map.of(ConsumerSettings.SINK, "clickhouse", ClickHouseSettings.CLICKHOUSE_URL, "http://bob:s3cret@ch:8123"));

        InvalidSettingException e = assertThrows(InvalidSettingException.class, () -> ConsumerSettings.from(env));

        assertEquals(ClickHouseSettings.CLICKHOUSE_URL, e.variable());
        assertFalse(e.getMessage().contains("s3cret"), e.getMessage());
    }

    @Test
    void consumerProtocolLeavesTheAssignorToTheBroker() {
        Env classic = ConsumerTestEnv.of("t", "g", Map.of());
        Env consumer = ConsumerTestEnv.of("t", "g", Map.of(ConsumerSettings.CONSUMER_GROUP_PROTOCOL, "consumer"));

        Properties classicProps = ConsumerClients.consumer(classic, ConsumerSettings.from(classic));
        Properties consumerProps = ConsumerClients.consumer(consumer, ConsumerSettings.from(consumer));

        assertEquals("org.apache.kafka.clients.consumer.CooperativeStickyAssignor",
                classicProps.get(ConsumerConfig.PARTITION_ASSIGNMENT_STRATEGY_CONFIG));
        assertFalse(consumerProps.containsKey(ConsumerConfig.PARTITION_ASSIGNMENT_STRATEGY_CONFIG));
        assertEquals("consumer", consumerProps.get(ConsumerConfig.GROUP_PROTOCOL_CONFIG));
    }

    @Test
    void maxPollRecordsPassThroughReachesTheClient() throws Exception {
        String topic = TestKafka.uniqueName("orders");
        TestKafka.createTopic(topic, 1);
        try (TestOrders orders = new TestOrders(topic)) {
            orders.send(50);
        }
        RecordingSink sink = new RecordingSink(new LogSink());
        Env env = ConsumerTestEnv.of(topic, TestKafka.uniqueName("group"), Map.of("KAFKA_CONSUMER_MAX_POLL_RECORDS", "7"));

        try (ConsumerService consumer = ConsumerService.start(env, s -> sink)) {
            until(Duration.ofSeconds(60), () -> consumer.consumed() == 50, () -> "consumed " + consumer.consumed());
        }

        assertEquals(7, sink.largestBatch(), "no poll returned more than max.poll.records=7");
    }
}

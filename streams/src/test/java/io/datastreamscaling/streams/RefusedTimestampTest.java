package io.datastreamscaling.streams;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.datastreamscaling.local.broker.testing.Await;
import io.datastreamscaling.local.broker.testing.TestKafka;
import io.datastreamscaling.shared.kafka.DeadLetterHeaders;
import io.datastreamscaling.shared.kafka.Topics;
import io.datastreamscaling.shared.order.Order;
import io.datastreamscaling.streams.topology.EnrichedOrder;
import io.datastreamscaling.streams.topology.OrderTopology;
import io.datastreamscaling.streams.topology.RefusedOutputException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AlterConfigOp;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.streams.KafkaStreams;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * On the real broker (Kafka 4.x refuses a record timestamp more than message.timestamp.after.max.ms,
 * one hour by default, in its future): orders whose createdAt cannot be an event time, or whose
 * output the broker refuses, go to orders.dlq; the app stays RUNNING and every good order, before and
 * after them, is enriched exactly once. Before the fix one order dated 9999 stopped the app for good.
 */
class RefusedTimestampTest {
    private static final Duration TIMEOUT = TestKafka.timeout();

    @TempDir
    Path stateDir;

    @Test
    void ordersDatedWhereNoEventTimeCanBeAreDeadLetteredAndTheAppKeepsRunning() throws Exception {
        String user = TestKafka.uniqueName("user");
        List<byte[]> poison = List.of(
                json(user, "9999-12-31T23:59:59Z"),
                json(user, "+1000000000-12-31T23:59:59.999999999Z"),
                json(user, "1969-12-31T23:59:59.999Z"));

        List<ConsumerRecord<byte[], byte[]>> dead = runWithPoisonBetweenGoodOrders(user, poison, Map.of());

        assertEquals(0, dead.stream().filter(RefusedTimestampTest::refusedByTheBroker).count(),
                "caught by the event-time rule before any output was produced");
    }

    @Test
    void anOrderWhoseOutputTheBrokerRefusesIsDeadLetteredAndTheAppKeepsRunning() throws Exception {
        String user = TestKafka.uniqueName("user");
        // A valid order two hours old, and an output topic that takes nothing older than one hour
        // (message.timestamp.before.max.ms): the broker refuses the order's orders.enriched record,
        // the case the production exception handler exists for. Restored afterwards: the topic is
        // shared with the other tests of this JVM.
        List<byte[]> poison = List.of(json(user, Instant.now().minus(Duration.ofHours(2)).toString()));
        Map<String, String> overrides = Map.of(
                // The replaced stream thread stays in the group until its session times out (45 s by
                // default); the broker's minimum keeps this test short.
                "KAFKA_STREAMS_SESSION_TIMEOUT_MS", "6000");
        ConfigResource enrichedTopic = new ConfigResource(ConfigResource.Type.TOPIC, Topics.ORDERS_ENRICHED);
        alter(enrichedTopic, new AlterConfigOp(new ConfigEntry(TopicConfig.MESSAGE_TIMESTAMP_BEFORE_MAX_MS_CONFIG,
                Long.toString(Duration.ofHours(1).toMillis())), AlterConfigOp.OpType.SET));
        try {
            List<ConsumerRecord<byte[], byte[]>> dead = runWithPoisonBetweenGoodOrders(user, poison, overrides);

            assertEquals(1, dead.stream().filter(RefusedTimestampTest::refusedByTheBroker).count(),
                    "dead-lettered after the broker refused its output");
        } finally {
            alter(enrichedTopic, new AlterConfigOp(new ConfigEntry(TopicConfig.MESSAGE_TIMESTAMP_BEFORE_MAX_MS_CONFIG, ""),
                    AlterConfigOp.OpType.DELETE));
        }
    }

    /** Alters a topic's config, creating the topic first when no earlier test has. */
    private static void alter(ConfigResource topic, AlterConfigOp op) throws Exception {
        try (Admin admin = TestKafka.admin()) {
            try {
                admin.createTopics(List.of(new NewTopic(topic.name(), 3, (short) 1))).all().get(30, TimeUnit.SECONDS);
            } catch (ExecutionException e) {
                if (!(e.getCause() instanceof TopicExistsException)) {
                    throw e;
                }
            }
            admin.incrementalAlterConfigs(Map.of(topic, List.of(op))).all().get(30, TimeUnit.SECONDS);
        }
    }

    /**
     * Runs the app, sends good orders, the poison records, more good orders; checks that the good
     * ones are enriched exactly once, the poison ones dead-lettered once each, and the app RUNNING.
     */
    private List<ConsumerRecord<byte[], byte[]>> runWithPoisonBetweenGoodOrders(String user, List<byte[]> poison,
            Map<String, String> overrides) throws Exception {
        String input = TestKafka.uniqueName("orders");
        TestKafka.createTopic(input, 3);
        List<Order> before = List.of(order(user, "1.00", Instant.now()), order(user, "2.00", Instant.now()));
        List<Order> after = List.of(order(user, "3.00", Instant.now()), order(user, "4.00", Instant.now()));
        try (StreamsService streams = StreamsService.start(TestCluster.env(TestKafka.uniqueName("streams-ts"), input,
                stateDir, overrides))) {
            TestCluster.produce(input, before);
            TestCluster.produceRaw(poison.stream().map(v -> new ProducerRecord<>(input, user, v)).toList());
            TestCluster.produce(input, after);

            Set<UUID> good = Stream.concat(before.stream(), after.stream()).map(Order::orderId).collect(Collectors.toSet());
            assertEquals(good.stream().collect(Collectors.toMap(id -> id, id -> 1L, (a, b) -> a, TreeMap::new)),
                    new TreeMap<>(enrichedTimes(user, good.size())),
                    "every good order, before and after the poison, enriched exactly once");
            List<ConsumerRecord<byte[], byte[]>> dead = deadLettersFrom(input, poison.size());
            assertEquals(poison.size(), dead.size(), "each poison record dead-lettered once");
            assertEquals(poison.size(), dead.stream().map(r -> header(r, DeadLetterHeaders.SOURCE_OFFSET)).distinct().count(),
                    "distinct source records");
            Await.until(TIMEOUT, () -> streams.state() == KafkaStreams.State.RUNNING,
                    () -> "the app runs on; state " + streams.state());
            return dead;
        }
    }

    private static boolean refusedByTheBroker(ConsumerRecord<byte[], byte[]> deadLetter) {
        return RefusedOutputException.class.getName().equals(header(deadLetter, DeadLetterHeaders.ERROR_CLASS));
    }

    private static Map<UUID, Long> enrichedTimes(String user, int expected) {
        List<ConsumerRecord<byte[], byte[]>> records = TestCluster.readCommitted(Topics.ORDERS_ENRICHED, TIMEOUT,
                read -> forUser(user, read).size() >= expected, () -> { });
        return forUser(user, records).stream().collect(Collectors.groupingBy(EnrichedOrder::orderId, Collectors.counting()));
    }

    private static List<EnrichedOrder> forUser(String user, List<ConsumerRecord<byte[], byte[]>> records) {
        return records.stream()
                .filter(r -> r.key() != null && user.equals(new String(r.key(), StandardCharsets.UTF_8)))
                .map(r -> OrderTopology.ENRICHED_SERDE.deserializer().deserialize(r.topic(), r.value()))
                .toList();
    }

    private static List<ConsumerRecord<byte[], byte[]>> deadLettersFrom(String input, int expected) {
        List<ConsumerRecord<byte[], byte[]>> records = TestCluster.readCommitted(Topics.ORDERS_DLQ, TIMEOUT,
                read -> read.stream().filter(r -> input.equals(header(r, DeadLetterHeaders.SOURCE_TOPIC))).count() >= expected,
                () -> { });
        return records.stream().filter(r -> input.equals(header(r, DeadLetterHeaders.SOURCE_TOPIC))).toList();
    }

    private static String header(ConsumerRecord<byte[], byte[]> record, String name) {
        Header header = record.headers().lastHeader(name);
        return header == null || header.value() == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }

    private static byte[] json(String user, String createdAt) {
        return ("{\"orderId\":\"" + UUID.randomUUID() + "\",\"userId\":\"" + user + "\",\"amount\":5.00,"
                + "\"currency\":\"EUR\",\"createdAt\":\"" + createdAt + "\"}").getBytes(StandardCharsets.UTF_8);
    }

    private static Order order(String userId, String amount, Instant createdAt) {
        return new Order(UUID.randomUUID(), userId, new BigDecimal(amount), "EUR", createdAt);
    }
}

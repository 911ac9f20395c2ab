package io.datastreamscaling.consumer;

import static io.datastreamscaling.local.broker.testing.Await.until;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.datastreamscaling.consumer.sink.postgres.SchemaMigrator;
import io.datastreamscaling.consumer.testing.DeadLetters;
import io.datastreamscaling.consumer.testing.GroupOffsets;
import io.datastreamscaling.consumer.testing.TestDatabase;
import io.datastreamscaling.consumer.testing.TestOrders;
import io.datastreamscaling.local.broker.testing.TestKafka;
import io.datastreamscaling.shared.kafka.DeadLetterHeaders;
import io.datastreamscaling.shared.order.Order;
import io.datastreamscaling.shared.order.OrderJson;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The Postgres sink on a real broker and a real PostgreSQL: poison records, at-least-once mode, migrations. */
class PostgresSinkTest {
    private static final Duration TIMEOUT = Duration.ofSeconds(90);
    private static TestDatabase db;

    private final String topic = TestKafka.uniqueName("orders");
    private static final String REFUSED_BY_DATABASE = "refused-by-database";
    private final String group = TestKafka.uniqueName("group");

    @BeforeAll
    static void createDatabase() {
        db = TestDatabase.create("postgres_sink_test");
    }

    @AfterAll
    static void dropDatabase() {
        if (db != null) {
            db.close();
        }
    }

    @Test
    void goodOrdersLandInPostgresAndEveryBadRecordInTheDeadLetterTopic() throws Exception {
        TestKafka.createTopic(topic, 3);
        Set<UUID> good = new HashSet<>();
        int bad = 0;
        try (TestOrders orders = new TestOrders(topic)) {
            for (int round = 0; round < 2; round++) {
                orders.send(100).forEach(o -> good.add(o.orderId()));
                orders.sendRaw(TestOrders.key("u1"), "not json".getBytes(StandardCharsets.UTF_8), new RecordHeaders());
                orders.sendRaw(TestOrders.key("u2"), "{\"orderId\":\"x\"}".getBytes(StandardCharsets.UTF_8), new RecordHeaders());
                orders.sendRaw(TestOrders.key("u3"), null, new RecordHeaders());
                // Valid as an Order, refused by PostgreSQL (the constraint added below, as a stricter schema would):
                // the sink's data-error path.
                Order refused = new Order(UUID.randomUUID(), REFUSED_BY_DATABASE, new BigDecimal("9.99"), "EUR", Instant.now());
                orders.sendRaw(TestOrders.key("u4"), OrderJson.encode(refused), new RecordHeaders());
                // A NUL in userId, which PostgreSQL's text cannot hold, is refused by the decoder before the sink.
                String nul = "{\"orderId\":\"" + UUID.randomUUID() + "\",\"userId\":\"user\\u0000nul\",\"amount\":9.99,"
                        + "\"currency\":\"EUR\",\"createdAt\":\"" + Instant.now() + "\"}";
                orders.sendRaw(TestOrders.key("u5"), nul.getBytes(StandardCharsets.UTF_8), new RecordHeaders());
                bad += 5;
            }
            orders.send(100).forEach(o -> good.add(o.orderId()));
        }
        int expectedBad = bad;
        try (Connection c = db.connect(); var st = c.createStatement()) {
            SchemaMigrator.migrate(c);
            st.execute("ALTER TABLE orders ADD CONSTRAINT test_refuses_one_user CHECK (user_id <> '" + REFUSED_BY_DATABASE + "')");
        }

        try (ConsumerService consumer = ConsumerService.start(postgresEnv(Map.of()))) {
            until(TIMEOUT, () -> consumer.consumed() == good.size() && consumer.deadLettered() == expectedBad,
                    () -> "consumed " + consumer.consumed() + " of " + good.size() + ", dead-lettered " + consumer.deadLettered() + " of " + expectedBad);
            String metrics = LogSinkConsumerTest.get(consumer.httpPort(), "/metrics").body();
            assertTrue(metrics.contains("dlq_records_total{reason=\"rejected_by_sink\",service=\"consumer\"} 2.0"), metrics);
            assertTrue(metrics.contains("dlq_records_total{reason=\"undecodable\",service=\"consumer\"} 4.0"), metrics);
            assertTrue(metrics.contains("dlq_records_total{reason=\"invalid\",service=\"consumer\"} 4.0"), metrics);
        }

        assertEquals(good, db.orderIds(topic), "every good order stored, nothing else");
        assertEquals(GroupOffsets.endOffsets(topic), db.storedOffsets(group, topic), "stored offsets past every record, bad ones included");
        List<ConsumerRecord<byte[], byte[]>> dead = DeadLetters.read(topic + ".dlq", expectedBad, TIMEOUT);
        assertEquals(expectedBad, dead.size());
        long rejectedBySink = dead.stream()
                .filter(r -> "org.postgresql.util.PSQLException".equals(DeadLetters.header(r, DeadLetterHeaders.ERROR_CLASS))).count();
        assertEquals(2, rejectedBySink, "the rows PostgreSQL refused are dead-lettered with its error");
        assertTrue(dead.stream().allMatch(r -> topic.equals(DeadLetters.header(r, DeadLetterHeaders.SOURCE_TOPIC))
                && group.equals(DeadLetters.header(r, DeadLetterHeaders.CONSUMER_GROUP))
                && DeadLetters.header(r, DeadLetterHeaders.SOURCE_OFFSET) != null), "origin headers on every dead letter");
    }

    @Test
    void atLeastOnceModeCommitsToKafkaAfterTheDatabaseAndStoresNoOffsets() throws Exception {
        TestKafka.createTopic(topic, 3);
        Set<UUID> produced;
        try (TestOrders orders = new TestOrders(topic)) {
            produced = orders.send(2_000).stream().map(Order::orderId).collect(Collectors.toSet());
        }

        try (ConsumerService consumer = ConsumerService.start(postgresEnv(Map.of(ConsumerSettings.SINK_MODE, "at-least-once")))) {
            until(TIMEOUT, () -> consumer.consumed() == 2_000, () -> "consumed " + consumer.consumed());
            Map<Integer, Long> ends = GroupOffsets.endOffsets(topic);
            until(TIMEOUT, () -> GroupOffsets.committed(group, topic).equals(ends), () -> "committed " + GroupOffsets.committed(group, topic));
        }

        assertEquals(produced, db.orderIds(topic));
        assertEquals(Map.of(), db.storedOffsets(group, topic), "at-least-once keeps offsets in Kafka only");
    }

    @Test
    void migrationsApplyOnceAndAreRecorded() throws Exception {
        try (Connection c = db.connect()) {
            SchemaMigrator.migrate(c);

            int second = SchemaMigrator.migrate(c);

            assertEquals(0, second, "nothing left to apply");
        }
        assertEquals(1, db.queryLong("SELECT count(*) FROM schema_version WHERE version = 1 AND description = 'orders'"));
    }

    private io.datastreamscaling.shared.config.Env postgresEnv(Map<String, String> extra) {
        Map<String, String> vars = new HashMap<>(db.env());
        vars.put(ConsumerSettings.SINK, "postgres");
        vars.putAll(extra);
        return ConsumerTestEnv.of(topic, group, vars);
    }
}

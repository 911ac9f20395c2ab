package io.datastreamscaling.consumer;

import static io.datastreamscaling.local.broker.testing.Await.until;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.datastreamscaling.consumer.sink.ConsumedOrder;
import io.datastreamscaling.consumer.sink.OrderBatch;
import io.datastreamscaling.consumer.sink.clickhouse.ClickHouseOrderSink;
import io.datastreamscaling.consumer.sink.clickhouse.ClickHouseSettings;
import io.datastreamscaling.consumer.testing.GroupOffsets;
import io.datastreamscaling.consumer.testing.TestClickHouse;
import io.datastreamscaling.consumer.testing.TestOrders;
import io.datastreamscaling.local.broker.testing.TestKafka;
import io.datastreamscaling.local.faults.TcpProxy;
import io.datastreamscaling.shared.config.Env;
import io.datastreamscaling.shared.order.Order;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.junit.jupiter.api.Test;

/**
 * The ClickHouse sink against a real server (Debian's clickhouse-server 18.16 in CI): every order
 * once after FINAL, a partition continues where the table says, an outage costs time, not data.
 */
class ClickHouseSinkTest {
    private static final Duration TIMEOUT = Duration.ofSeconds(90);

    @Test
    void everyOrderIsStoredOnceWithItsSourceOffsetAndCountsInRevenuePerUserPerMinute() throws Exception {
        String topic = TestKafka.uniqueName("orders");
        String group = TestKafka.uniqueName("analytics");
        TestKafka.createTopic(topic, 3);
        try (TestClickHouse ch = TestClickHouse.create("clickhouse_sink_test");
             TestOrders orders = new TestOrders(topic)) {
            List<Order> sent = orders.send(3_000);
            try (ConsumerService consumer = ConsumerService.start(ConsumerTestEnv.of(topic, group, withSmallBlocks(ch.env())))) {
                until(TIMEOUT, () -> consumer.consumed() == 3_000, () -> "consumed " + consumer.consumed());
                until(TIMEOUT, () -> GroupOffsets.committed(group, topic).equals(GroupOffsets.endOffsets(topic)),
                        () -> "Kafka's committed offsets (for lag tooling) at the log end: " + GroupOffsets.committed(group, topic));
            }
            assertEquals(3_000, ch.rawRows(topic), "one row per order, none twice");
            assertEquals(3_000, ch.distinctOrders(topic), "every order id");
            assertEquals(GroupOffsets.endOffsets(topic), ch.storedOffsets(topic), "the table's offsets at the log end");
            BigDecimal revenue = sent.stream().map(Order::amount).reduce(BigDecimal.ZERO, BigDecimal::add);
            assertEquals(0, revenue.compareTo(new BigDecimal(ch.query("SELECT sum(revenue) FROM " + ch.database()
                    + ".revenue_per_user_minute").strip())), "revenue_per_user_minute adds up to every order's amount");
            assertEquals(3_000, ch.queryLong("SELECT sum(orders) FROM " + ch.database() + ".revenue_per_user_minute"));
        }
    }

    @Test
    void aBatchDeliveredTwiceIsOneRowPerOrderAfterFinal() {
        String topic = TestKafka.uniqueName("orders");
        try (TestClickHouse ch = TestClickHouse.create("clickhouse_sink_test")) {
            ClickHouseSettings settings = ClickHouseSettings.from(Env.of(ch.env()));
            OrderBatch batch = batch(topic, 500);
            try (ClickHouseOrderSink first = ClickHouseOrderSink.start(settings)) {
                ch.stopMerges();
                first.write(batch);
            }
            // A consumer that re-reads the batch (a rewind, or a zombie's late insert) writes it again.
            try (ClickHouseOrderSink second = ClickHouseOrderSink.start(settings)) {
                second.write(batch);
            }
            assertEquals(1_000, ch.rawRows(topic), "the re-delivery did reach the table (merges are stopped)");
            assertEquals(500, ch.finalRows(topic), "FINAL: one row per order id");
            assertEquals(500, ch.queryLong("SELECT sum(orders) FROM " + ch.database() + ".revenue_per_user_minute"),
                    "the revenue view counts each order once");
            assertEquals(List.of("o'user\\0", "o'user\\6"), List.of(ch.query("SELECT min(user_id), max(user_id) FROM " + ch.database()
                    + ".orders FORMAT CSV").strip().replace("\"", "").split(",")), "user ids with a backslash and a quote stored as sent");
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void anAssignedPartitionStartsAtTheTablesOffsetsNotKafkasCommittedOnes() throws Exception {
        String topic = TestKafka.uniqueName("orders");
        String group = TestKafka.uniqueName("analytics");
        TestKafka.createTopic(topic, 3);
        try (TestClickHouse ch = TestClickHouse.create("clickhouse_sink_test");
             TestOrders orders = new TestOrders(topic)) {
            orders.send(1_000);
            try (ConsumerService consumer = ConsumerService.start(ConsumerTestEnv.of(topic, group, ch.env()))) {
                until(TIMEOUT, () -> consumer.consumed() == 1_000, () -> "consumed " + consumer.consumed());
            }
            ch.stopMerges();
            // Kafka's offsets are for lag tooling only: rewound to the start, they must not make the consumer re-read.
            Map<TopicPartition, OffsetAndMetadata> rewound = new HashMap<>();
            GroupOffsets.endOffsets(topic).keySet().forEach(p -> rewound.put(new TopicPartition(topic, p), new OffsetAndMetadata(0)));
            TestKafka.admin().alterConsumerGroupOffsets(group, rewound).all().get(30, TimeUnit.SECONDS);
            orders.send(500);

            try (ConsumerService consumer = ConsumerService.start(ConsumerTestEnv.of(topic, group, ch.env()))) {
                until(TIMEOUT, () -> consumer.totalLag() == 0 && consumer.consumed() >= 500, () -> "lag " + consumer.totalLag());
                assertEquals(500, consumer.consumed(), "only the new orders read: the partitions started where the table stood");
            }
            assertEquals(1_500, ch.rawRows(topic), "no row written twice (merges are stopped, so none hidden by a merge)");
        }
    }

    @Test
    void aClickHouseOutagePausesTheConsumerWhichResumesByItselfWithEveryOrderOnce() throws Exception {
        String topic = TestKafka.uniqueName("orders");
        String group = TestKafka.uniqueName("analytics");
        TestKafka.createTopic(topic, 3);
        try (TestClickHouse ch = TestClickHouse.create("clickhouse_sink_test");
             TcpProxy proxy = new TcpProxy(ch.host(), ch.port());
             TestOrders orders = new TestOrders(topic)) {
            Map<String, String> vars = new HashMap<>(ch.envVia(proxy.hostAndPort()));
            vars.put("KAFKA_CONSUMER_MAX_POLL_RECORDS", "500");
            vars.put(ClickHouseSettings.CLICKHOUSE_TIMEOUT_MS, "2000");
            orders.send(2_000);

            try (ConsumerService consumer = ConsumerService.start(ConsumerTestEnv.of(topic, group, vars))) {
                until(TIMEOUT, () -> consumer.consumed() == 2_000, () -> "consumed " + consumer.consumed() + " before the outage");
                assertEquals(200, status(consumer, "/health/ready"));

                proxy.cut();
                orders.send(2_000);

                until(TIMEOUT, () -> status(consumer, "/health/ready") == 503, () -> "not ready while ClickHouse is away");
                until(TIMEOUT, () -> consumer.totalLag() == 2_000, () -> "lag " + consumer.totalLag() + ", expected every new record waiting");
                assertEquals(2_000, consumer.consumed(), "nothing counted as processed without ClickHouse");

                proxy.restore();

                until(TIMEOUT, () -> consumer.consumed() == 4_000, () -> "consumed " + consumer.consumed() + " after the outage");
                until(TIMEOUT, () -> status(consumer, "/health/ready") == 200, () -> "ready again");
            }
            assertEquals(4_000, ch.finalRows(topic), "every order once after FINAL");
            assertEquals(4_000, ch.distinctOrders(topic));
            assertEquals(GroupOffsets.endOffsets(topic), ch.storedOffsets(topic));
        }
    }

    @Test
    void aPartitionWhoseLastRecordsWereDeadLetteredStartsPastThemAndDeadLettersNothingTwice() throws Exception {
        String topic = TestKafka.uniqueName("orders");
        String group = TestKafka.uniqueName("analytics");
        TestKafka.createTopic(topic, 1);
        try (TestClickHouse ch = TestClickHouse.create("clickhouse_sink_test");
             TestOrders orders = new TestOrders(topic)) {
            orders.send(10);
            orders.sendRaw(TestOrders.key("k-garbage"), "not json".getBytes(StandardCharsets.UTF_8), new RecordHeaders());
            try (ConsumerService consumer = ConsumerService.start(ConsumerTestEnv.of(topic, group, ch.env()))) {
                until(TIMEOUT, () -> consumer.consumed() == 10 && consumer.deadLettered() == 1,
                        () -> "consumed " + consumer.consumed() + ", dead-lettered " + consumer.deadLettered());
            }
            // Only the table can now say the partition got past the poison record (offset 10).
            TestKafka.admin().alterConsumerGroupOffsets(group, Map.of(new TopicPartition(topic, 0), new OffsetAndMetadata(0)))
                    .all().get(30, TimeUnit.SECONDS);

            try (ConsumerService consumer = ConsumerService.start(ConsumerTestEnv.of(topic, group, ch.env()))) {
                until(TIMEOUT, () -> status(consumer, "/health/ready") == 200 && consumer.totalLag() == 0,
                        () -> "ready with no lag; lag " + consumer.totalLag());
                assertEquals(0, consumer.deadLettered(), "the poison record not read again");
                assertEquals(0, consumer.consumed());
            }
            assertEquals(1, GroupOffsets.sum(GroupOffsets.endOffsets(topic + ".dlq")), "one dead letter, not two");
            assertEquals(10, ch.rawRows(topic));
        }
    }

    /** Blocks of at most 100 rows: a poll batch becomes several INSERTs, in offset order. */
    private static Map<String, String> withSmallBlocks(Map<String, String> env) {
        Map<String, String> vars = new HashMap<>(env);
        vars.put(ClickHouseSettings.CLICKHOUSE_BATCH_MAX_ROWS, "100");
        return vars;
    }

    private static OrderBatch batch(String topic, int count) {
        List<ConsumedOrder> orders = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            // A user id with a backslash and a quote: TabSeparated escaping must store it as sent.
            Order order = new Order(UUID.randomUUID(), "o'user\\" + i % 7, new BigDecimal("12.50"), "EUR", Instant.now());
            orders.add(new ConsumedOrder(order, new ConsumerRecord<>(topic, 0, i, new byte[0], new byte[0])));
        }
        Map<TopicPartition, OffsetAndMetadata> next = orders.stream().collect(Collectors.toMap(
                o -> new TopicPartition(o.topic(), o.partition()), o -> new OffsetAndMetadata(o.offset() + 1), (a, b) -> b));
        return new OrderBatch(orders, next);
    }

    private static int status(ConsumerService consumer, String path) {
        try {
            return LogSinkConsumerTest.get(consumer.httpPort(), path).statusCode();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}

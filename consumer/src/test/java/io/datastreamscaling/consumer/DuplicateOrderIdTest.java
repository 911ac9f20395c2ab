package io.datastreamscaling.consumer;

import static io.datastreamscaling.local.broker.testing.Await.until;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.datastreamscaling.consumer.sink.postgres.PostgresOrderSink;
import io.datastreamscaling.consumer.testing.GroupOffsets;
import io.datastreamscaling.consumer.testing.TestDatabase;
import io.datastreamscaling.consumer.testing.TestOrders;
import io.datastreamscaling.local.broker.testing.TestKafka;
import io.datastreamscaling.shared.order.Order;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The exactly-once Postgres sink writes each batch with one COPY straight into {@code orders}; COPY
 * cannot skip an order id that is already stored. An order id sent twice from upstream, in one poll
 * batch or in two, must still end as one row, with the stored offsets past both records, the batch
 * that held the repeat written through the staging path (and counted), and no batch left unwritten.
 */
class DuplicateOrderIdTest {
    private static final Duration TIMEOUT = Duration.ofSeconds(90);
    private static TestDatabase db;

    private final String topic = TestKafka.uniqueName("orders");
    private final String group = TestKafka.uniqueName("group");

    @BeforeAll
    static void createDatabase() {
        db = TestDatabase.create("duplicate_order_id_test");
    }

    @AfterAll
    static void dropDatabase() {
        if (db != null) {
            db.close();
        }
    }

    @Test
    void orderIdSentTwiceIsStoredOnceInOneBatchAndAcrossBatches() throws Exception {
        TestKafka.createTopic(topic, 3);
        Set<UUID> ids = new HashSet<>();
        AtomicReference<PostgresOrderSink> sink = new AtomicReference<>();
        try (TestOrders orders = new TestOrders(topic)) {
            // Arrange: all on the topic before the consumer starts, so one poll takes the pair together.
            List<Order> first = orders.send(100);
            first.forEach(o -> ids.add(o.orderId()));
            Order twiceInOneBatch = orders.nextOrder();
            orders.send(twiceInOneBatch);
            orders.send(twiceInOneBatch);
            ids.add(twiceInOneBatch.orderId());
            orders.send(100).forEach(o -> ids.add(o.orderId()));

            try (ConsumerService consumer = ConsumerService.start(postgresEnv(), s -> {
                sink.set((PostgresOrderSink) s);
                return s;
            })) {
                // Act 1: the pair inside one batch.
                awaitCaughtUp(consumer, 202);
                long stagedAfterOneBatch = sink.get().stagedBatches();

                // Act 2: an order stored by an earlier, committed batch arrives again, among new ones.
                orders.send(first.get(0));
                orders.send(50).forEach(o -> ids.add(o.orderId()));
                awaitCaughtUp(consumer, 253);

                assertTrue(stagedAfterOneBatch >= 1, "the batch holding the pair was written through the staging path");
                assertTrue(sink.get().stagedBatches() > stagedAfterOneBatch,
                        "the batch repeating a stored order id was written through the staging path");
                String metrics = LogSinkConsumerTest.get(consumer.httpPort(), "/metrics").body();
                assertTrue(metrics.contains("sink_rows_total{service=\"consumer\"} " + ids.size() + ".0"),
                        "rows newly written count each order id once: " + metrics.lines().filter(l -> l.startsWith("sink_rows")).toList());
            }
        }

        assertEquals(ids, db.orderIds(topic), "every order id stored, each once");
        assertEquals(GroupOffsets.endOffsets(topic), db.storedOffsets(group, topic), "stored offsets past every record, repeats included");
    }

    private void awaitCaughtUp(ConsumerService consumer, long records) {
        Map<Integer, Long> ends = GroupOffsets.endOffsets(topic);
        until(TIMEOUT, () -> consumer.consumed() == records && db.storedOffsets(group, topic).equals(ends),
                () -> "processed " + consumer.consumed() + " of " + records + ", stored offsets " + db.storedOffsets(group, topic)
                        + ", log end " + ends);
    }

    private io.datastreamscaling.shared.config.Env postgresEnv() {
        Map<String, String> vars = new HashMap<>(db.env());
        vars.put(ConsumerSettings.SINK, "postgres");
        return ConsumerTestEnv.of(topic, group, vars);
    }
}

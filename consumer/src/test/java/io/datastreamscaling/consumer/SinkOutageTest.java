package io.datastreamscaling.consumer;

import static io.datastreamscaling.local.broker.testing.Await.until;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.datastreamscaling.consumer.testing.GroupOffsets;
import io.datastreamscaling.consumer.testing.TestDatabase;
import io.datastreamscaling.consumer.testing.TestOrders;
import io.datastreamscaling.local.broker.testing.TestKafka;
import io.datastreamscaling.local.faults.TcpProxy;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A database outage costs time, never data: pause, back off, stay in the group, resume by itself. */
class SinkOutageTest {
    private static final Duration TIMEOUT = Duration.ofSeconds(90);

    @Test
    void databaseOutagePausesTheConsumerWhichResumesByItselfWithEveryOrderOnce() throws Exception {
        String topic = TestKafka.uniqueName("orders");
        String group = TestKafka.uniqueName("group");
        TestKafka.createTopic(topic, 3);
        try (TestDatabase db = TestDatabase.create("sink_outage_test");
             TcpProxy proxy = new TcpProxy(db.host(), db.port());
             TestOrders orders = new TestOrders(topic)) {
            Map<String, String> vars = new HashMap<>(db.env());
            vars.put("DB_URL", db.urlVia(proxy.hostAndPort()));
            vars.put(ConsumerSettings.SINK, "postgres");
            vars.put("KAFKA_CONSUMER_MAX_POLL_RECORDS", "500");
            orders.send(5_000);

            try (ConsumerService consumer = ConsumerService.start(ConsumerTestEnv.of(topic, group, vars))) {
                until(TIMEOUT, () -> consumer.consumed() == 5_000, () -> "consumed " + consumer.consumed() + " before the outage");
                assertEquals(200, status(consumer, "/health/ready"));

                proxy.cut();
                orders.send(5_000);

                until(TIMEOUT, () -> status(consumer, "/health/ready") == 503, () -> "not ready while the database is away");
                until(TIMEOUT, () -> consumer.totalLag() == 5_000, () -> "lag " + consumer.totalLag() + ", expected every new record waiting while paused");
                assertEquals(5_000, consumer.consumed(), "nothing counted as processed without the database");
                assertEquals(5_000, GroupOffsets.sum(GroupOffsets.committed(group, topic)), "nothing unwritten committed to Kafka");

                proxy.restore();

                until(TIMEOUT, () -> consumer.consumed() == 10_000, () -> "consumed " + consumer.consumed() + " after the outage");
                until(TIMEOUT, () -> status(consumer, "/health/ready") == 200, () -> "ready again");
                assertEquals(200, status(consumer, "/health/live"), "the consumer never stopped");
            }
            assertEquals(10_000, db.queryLong("SELECT count(*) FROM orders WHERE source_topic = ?", topic));
            assertEquals(GroupOffsets.endOffsets(topic), db.storedOffsets(group, topic));
        }
    }

    private static int status(ConsumerService consumer, String path) {
        try {
            return LogSinkConsumerTest.get(consumer.httpPort(), path).statusCode();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}

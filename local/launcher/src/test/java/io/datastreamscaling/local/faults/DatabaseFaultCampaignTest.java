package io.datastreamscaling.local.faults;

import static io.datastreamscaling.local.broker.testing.Await.until;
import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.datastreamscaling.consumer.ConsumerService;
import io.datastreamscaling.consumer.ConsumerSettings;
import io.datastreamscaling.consumer.sink.postgres.SchemaMigrator;
import io.datastreamscaling.consumer.testing.TestDatabase;
import io.datastreamscaling.consumer.testing.TestOrders;
import io.datastreamscaling.local.broker.testing.TestKafka;
import io.datastreamscaling.local.faults.TcpProxy;
import io.datastreamscaling.shared.config.Env;
import io.datastreamscaling.shared.order.Order;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.apache.kafka.clients.admin.Admin;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Database faults under a running consumer service (exactly-once PostgreSQL sink): the connection
 * cut for 30 s, and one statement failing with a transient error in the middle of a batch. Each
 * costs time, never data: nothing lost, nothing doubled, and readiness says so while it lasts.
 *
 * <p>Run alone: {@code ./mvnw -pl local/launcher -am -Pfault verify -Dtest=DatabaseFaultCampaignTest
 * -Dsurefire.failIfNoSpecifiedTests=false}. Figures in {@code docs/reliability.md}.
 */
@Tag("fault")
class DatabaseFaultCampaignTest {
    private static final Duration OUTAGE = Duration.ofSeconds(30);
    private static final Duration TIMEOUT = Duration.ofSeconds(120);
    private static TestDatabase db;
    private static Admin admin;

    private final String topic = TestKafka.uniqueName("orders");
    private final String group = TestKafka.uniqueName("db-fault-campaign");

    @BeforeAll
    static void createDatabase() throws Exception {
        db = TestDatabase.create("db_fault_campaign");
        try (Connection c = db.connect()) {
            SchemaMigrator.migrate(c); // the trigger below needs the table before the consumer starts
        }
        admin = TestKafka.admin();
    }

    @AfterAll
    static void dropDatabase() {
        if (admin != null) {
            admin.close();
        }
        if (db != null) {
            db.close();
        }
    }

    @Test
    @Timeout(value = 4, unit = TimeUnit.MINUTES)
    void connectionCutFor30SecondsCostsTimeButNoOrderAndReadinessShowsIt() throws Exception {
        TestKafka.createTopic(topic, 3);
        Set<UUID> produced;
        long cutAt;
        long restoredAt;
        long rowsAtCut;
        long rowsBeforeRestore;
        long drainMillis;
        try (TcpProxy proxy = new TcpProxy(db.host(), db.port());
             OrderFeeder feeder = new OrderFeeder(topic, 100, Duration.ofMillis(200)).start();
             ConsumerService consumer = ConsumerService.start(consumerEnv(db.urlVia(proxy.hostAndPort()), Map.of()));
             ReadinessProbe readiness = new ReadinessProbe(consumer.httpPort())) {
            until(TIMEOUT, () -> readiness.lastStatus() == 200 && consumer.consumed() > 1_000,
                    () -> "ready and writing before the outage: consumed " + consumer.consumed() + ", ready " + readiness.lastStatus());

            // Act: the network between the consumer and PostgreSQL goes away for 30 s, orders keep coming.
            proxy.cut();
            cutAt = System.nanoTime();
            until(TIMEOUT, readiness::sawNotReady, () -> "not ready while the database is unreachable");
            rowsAtCut = rows();
            LockSupport.parkNanos(cutAt + OUTAGE.toNanos() - System.nanoTime()); // the outage lasts as long as planned
            rowsBeforeRestore = rows();
            proxy.restore();
            restoredAt = System.nanoTime();

            until(TIMEOUT, readiness::readyAgain, () -> "ready again after the database came back");
            produced = feeder.stop();
            long drainStart = System.nanoTime();
            until(TIMEOUT, () -> SinkTally.read(db, admin, group, topic).caughtUp(),
                    () -> "every order written after the outage: " + SinkTally.read(db, admin, group, topic));
            drainMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - drainStart);
            printFigures("connection-cut", produced.size(), 1, readiness.millisToNotReady(cutAt),
                    readiness.millisNotReady(), readiness.millisToReadyAgain(restoredAt), drainMillis);
        }
        SinkTally end = SinkTally.read(db, admin, group, topic);

        assertAll(
                () -> assertEquals(rowsAtCut, rowsBeforeRestore, "nothing written while the database was unreachable"),
                () -> assertEquals(produced, db.orderIds(topic), "every acknowledged order once (orderIds fails on a duplicate)"),
                () -> assertEquals(0, end.duplicatedRows(), "no order stored twice"),
                () -> assertEquals(end.logEndOffsets(), end.storedOffsets(), "kafka_offsets at the log end"));
    }

    @Test
    @Timeout(value = 3, unit = TimeUnit.MINUTES)
    void statementFailingMidBatchIsRetriedWholeAndStoresEveryOrderOnce() throws Exception {
        TestKafka.createTopic(topic, 3);
        Set<UUID> produced = new HashSet<>();
        String trigger = "fail_once_" + group.replace('-', '_');
        long drainMillis;
        try (TestOrders orders = new TestOrders(topic);
             ConsumerService consumer = ConsumerService.start(consumerEnv(db.url(),
                     // long enough for the probe to see the pause a retried batch costs
                     Map.of(ConsumerSettings.CONSUMER_RETRY_BACKOFF_MS, "1000")));
             ReadinessProbe readiness = new ReadinessProbe(consumer.httpPort())) {
            until(TIMEOUT, () -> readiness.lastStatus() == 200, () -> "ready before the orders arrive");
            Order target = orders.nextOrder();
            // Rows reach the table one by one (the batch's COPY fires the row trigger per row): the rows
            // ahead of the target are already in the transaction when its insert fails.
            failOnceWhenInserting(target.orderId(), trigger);

            // Act: a burst of orders with the target in the middle; the consumer reads them in batches of 500.
            orders.send(3_000).forEach(o -> produced.add(o.orderId()));
            orders.send(target);
            produced.add(target.orderId());
            orders.send(3_000).forEach(o -> produced.add(o.orderId()));
            long sent = System.nanoTime();
            until(TIMEOUT, () -> SinkTally.read(db, admin, group, topic).caughtUp(),
                    () -> "every order written: " + SinkTally.read(db, admin, group, topic));
            drainMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - sent);
            until(TIMEOUT, () -> readiness.readyAgain() && readiness.lastStatus() == 200, () -> "ready after the retried batch");

            assertTrue(readiness.sawNotReady(), "not ready while the failed batch waited for its retry");
            printFigures("statement-failure", produced.size(), 1, 0,
                    readiness.millisNotReady(), 0, drainMillis);
        } finally {
            execute("DROP TRIGGER IF EXISTS " + trigger + " ON orders");
        }
        SinkTally end = SinkTally.read(db, admin, group, topic);

        assertAll(
                () -> assertTrue(insertAttempts(trigger) >= 2, "the target's insert failed once and was retried: "
                        + insertAttempts(trigger) + " attempts"),
                () -> assertEquals(produced, db.orderIds(topic), "every order once, the target included"),
                () -> assertEquals(0, end.duplicatedRows(), "no order stored twice"),
                () -> assertEquals(end.logEndOffsets(), end.storedOffsets(), "kafka_offsets at the log end"));
    }

    /**
     * A trigger that makes the insert of one order fail once with SQLSTATE 40001 (serialization
     * failure: transient, retried by the sink). The "once" survives the rollback of that transaction
     * because sequences are not transactional.
     */
    private static void failOnceWhenInserting(UUID orderId, String name) {
        execute("CREATE SEQUENCE " + name + "_calls");
        execute("CREATE FUNCTION " + name + "() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN"
                + " IF NEW.order_id = '" + orderId + "'::uuid THEN"
                + "   IF nextval('" + name + "_calls') = 1 THEN"
                + "     RAISE EXCEPTION 'injected fault for order %', NEW.order_id USING ERRCODE = 'serialization_failure';"
                + "   END IF;"
                + " END IF;"
                + " RETURN NEW; END $$");
        execute("CREATE TRIGGER " + name + " BEFORE INSERT ON orders FOR EACH ROW EXECUTE FUNCTION " + name + "()");
    }

    /** Inserts of the target attempted: the first raised, the later ones (the retry) let it through. */
    private static long insertAttempts(String name) {
        return db.queryLong("SELECT CASE WHEN is_called THEN last_value ELSE 0 END FROM " + name + "_calls");
    }

    private Env consumerEnv(String dbUrl, Map<String, String> extra) {
        Map<String, String> env = new HashMap<>(db.env());
        env.put("DB_URL", dbUrl);
        env.put("KAFKA_BOOTSTRAP_SERVERS", TestKafka.bootstrapServers());
        env.put(ConsumerSettings.ORDERS_TOPIC, topic);
        env.put(ConsumerSettings.DLQ_TOPIC, topic + ".dlq");
        env.put(ConsumerSettings.CONSUMER_GROUP_ID, group);
        env.put(ConsumerSettings.HTTP_PORT, "0");
        env.put(ConsumerSettings.SINK, ConsumerSettings.SINK_POSTGRES);
        env.put(ConsumerSettings.CONSUMER_RETRY_BACKOFF_MAX_MS, "1000"); // retry at least every second once it is back
        env.put("TOPIC_PARTITIONS", "3");
        env.put("KAFKA_CONSUMER_MAX_POLL_RECORDS", "500");
        env.putAll(extra);
        return Env.of(env);
    }

    private long rows() {
        return db.queryLong("SELECT count(*) FROM orders WHERE source_topic = ?", topic);
    }

    private static void execute(String sql) {
        try (Connection c = db.connect(); Statement st = c.createStatement()) {
            st.execute(sql);
        } catch (Exception e) {
            throw new IllegalStateException(sql, e);
        }
    }

    private static void printFigures(String fault, int orders, long faults, long notReadyAfterMs, long notReadyForMs,
                                     long readyAfterRepairMs, long drainMs) {
        System.out.printf(Locale.ROOT, "database-fault campaign [%s]: orders=%d faults=%d not ready after %d ms, for %d ms;"
                        + " ready %d ms after the repair; caught up in %d ms%n",
                fault, orders, faults, notReadyAfterMs, notReadyForMs, readyAfterRepairMs, drainMs);
        System.out.printf(Locale.ROOT, "{\"campaign\":\"database-fault\",\"fault\":\"%s\",\"orders\":%d,\"faults\":%d,"
                        + "\"notReadyAfterMs\":%d,\"notReadyForMs\":%d,\"readyAfterRepairMs\":%d,\"drainMs\":%d}%n",
                fault, orders, faults, notReadyAfterMs, notReadyForMs, readyAfterRepairMs, drainMs);
    }
}

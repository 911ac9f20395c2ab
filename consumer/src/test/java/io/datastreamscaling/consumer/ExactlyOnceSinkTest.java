package io.datastreamscaling.consumer;

import static io.datastreamscaling.local.broker.testing.Await.until;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.datastreamscaling.consumer.sink.postgres.SchemaMigrator;
import io.datastreamscaling.consumer.testing.GroupOffsets;
import io.datastreamscaling.consumer.testing.Groups;
import io.datastreamscaling.consumer.testing.TestDatabase;
import io.datastreamscaling.consumer.testing.TestOrders;
import io.datastreamscaling.local.broker.testing.TestKafka;
import io.datastreamscaling.shared.config.Env;
import io.datastreamscaling.shared.order.Order;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The exactly-once Postgres sink across crashes and rebalances: at the end every order is in
 * {@code orders} once, {@code kafka_offsets} equals the log end offsets, and no consumer processed a
 * record that another had already written.
 */
class ExactlyOnceSinkTest {
    private static final Duration TIMEOUT = Duration.ofSeconds(120);
    private static TestDatabase db;

    private final String topic = TestKafka.uniqueName("orders");
    private final String group = TestKafka.uniqueName("group");

    @BeforeAll
    static void createDatabase() throws Exception {
        db = TestDatabase.create("exactly_once_test");
        try (var c = db.connect()) {
            // The consumers would migrate on start; done here so the test can count rows from the first moment.
            SchemaMigrator.migrate(c);
        }
    }

    @AfterAll
    static void dropDatabase() {
        if (db != null) {
            db.close();
        }
    }

    @Test
    void consumerKilledBetweenDatabaseAndKafkaCommitLeavesNeitherGapsNorDuplicates() throws Exception {
        TestKafka.createTopic(topic, 6);
        Set<UUID> produced = produce(50_000);
        Path signal = Files.createTempFile("crash-signal", "");
        Files.delete(signal);
        Map<String, String> crashingEnv = vars(Map.of("CRASH_SIGNAL_FILE", signal.toString(), "THROTTLE_MS", "100"));

        // Act 1: a throttled consumer in its own JVM starts writing; a second joins the group.
        Process doomed = startProcess(CrashingConsumerMain.class.getName(), crashingEnv);
        RecordingSink survivor = new RecordingSink(null);
        RecordingSink replacement = new RecordingSink(null);
        try (ConsumerService first = awaitWritingThenStart(doomed, survivor)) {
            until(TIMEOUT, () -> first.consumed() > 0, () -> "the second consumer got partitions and wrote");

            // Act 2: kill the first mid-stream, right after a database commit, before its Kafka commit.
            Files.createFile(signal);
            assertTrue(doomed.waitFor(60, TimeUnit.SECONDS), "the crashing consumer exits");
            assertEquals(CrashingConsumerMain.EXIT_CODE, doomed.exitValue(), "halted, not closed: no hook, no commit, no LeaveGroup");
            Map<Integer, Long> stored = db.storedOffsets(group, topic);
            Map<Integer, Long> committed = GroupOffsets.committed(group, topic);
            assertTrue(stored.entrySet().stream().anyMatch(e -> e.getValue() > committed.getOrDefault(e.getKey(), 0L)),
                    "the crash left Postgres ahead of Kafka (stored " + stored + ", Kafka " + committed + ")");

            // Act 3: another consumer takes its place.
            try (ConsumerService second = ConsumerService.start(env(Map.of()), s -> replacement.wrap(s))) {
                awaitAllWritten(50_000);
                assertTrue(second.consumed() + first.consumed() < 50_000, "the killed consumer had written part of the stream");
            }
        }

        assertEquals(produced, db.orderIds(topic));
        assertEquals(survivor.newRows(), survivor.writtenCount(), "survivor processed nothing twice");
        assertEquals(replacement.newRows(), replacement.writtenCount(), "the replacement started after what was written, not at Kafka's older commit");
    }

    /**
     * With 1,000 records per poll every batch is decoded ahead (poll/BatchDecoder): the rebalance then
     * arrives while the next batch waits, polled and unwritten, and the loop must drop it and read the
     * partitions it keeps again from that batch's start.
     */
    @ParameterizedTest
    @CsvSource({"classic, 200", "consumer, 200", "classic, 1000", "consumer, 1000"})
    void rebalanceInTheMiddleOfABatchLosesAndRepeatsNothing(String protocol, String maxPollRecords) throws Exception {
        TestKafka.createTopic(topic, 6);
        Set<UUID> produced = produce(20_000);
        Map<String, String> settings = Map.of(ConsumerSettings.CONSUMER_GROUP_PROTOCOL, protocol,
                "KAFKA_CONSUMER_MAX_POLL_RECORDS", maxPollRecords);
        // Slow enough that the stream is still running when the joining member's assignment arrives
        // (with group.protocol=consumer it comes with the next heartbeat, up to 5 s later): 0.5 ms a record.
        Duration perBatch = Duration.ofMillis(Integer.parseInt(maxPollRecords) / 2);
        RecordingSink held = new RecordingSink(null).holdOnceWritten(2_000).slowedTo(perBatch);
        RecordingSink joining = new RecordingSink(null);

        try (ConsumerService first = ConsumerService.start(env(settings), s -> held.wrap(s))) {
            until(TIMEOUT, held::isHolding, () -> "first consumer held inside a batch after " + held.writtenCount());
            try (ConsumerService second = ConsumerService.start(env(settings), s -> joining.wrap(s))) {
                until(TIMEOUT, () -> Groups.isRebalancingOrHasMembers(group, 2), () -> "the second member joined");
                held.letGo();
                awaitAllWritten(20_000);
                assertEquals(20_000, first.consumed() + second.consumed(), "each record processed by exactly one member");
                assertTrue(second.consumed() > 0, "partitions moved to the joining member");
            }
        }

        assertEquals(produced, db.orderIds(topic));
        assertEquals(20_000, held.newRows() + joining.newRows(), "every write was a new row");
    }

    @Test
    void zombieThatLostItsPartitionsCannotWriteOrMoveOffsetsBack() throws Exception {
        TestKafka.createTopic(topic, 3);
        Set<UUID> produced = produce(6_000);
        // A batch held longer than max.poll.interval.ms: the group throws the member out while it still
        // believes it owns its partitions.
        RecordingSink zombie = new RecordingSink(null).holdOnceWritten(1_000);
        RecordingSink successor = new RecordingSink(null);

        try (ConsumerService first = ConsumerService.start(env(Map.of("KAFKA_CONSUMER_MAX_POLL_INTERVAL_MS", "3000")), s -> zombie.wrap(s))) {
            until(TIMEOUT, zombie::isHolding, () -> "zombie held inside a batch");
            try (ConsumerService second = ConsumerService.start(env(Map.of()), s -> successor.wrap(s))) {
                awaitAllWritten(6_000);

                zombie.letGo();

                until(TIMEOUT, () -> zombie.fencedBatches() == 1, () -> "the zombie's batch was refused");
                assertEquals(6_000, first.consumed() + second.consumed(), "the zombie's batch is not counted as processed");
            }
        }
        assertEquals(produced, db.orderIds(topic));
        assertEquals(GroupOffsets.endOffsets(topic), db.storedOffsets(group, topic), "offsets never moved back");
    }

    private ConsumerService awaitWritingThenStart(Process doomed, RecordingSink sink) throws Exception {
        until(TIMEOUT, () -> rows() > 0 || !doomed.isAlive(), () -> "the first consumer started writing");
        assertTrue(doomed.isAlive(), "the crashing consumer is running");
        return ConsumerService.start(env(Map.of()), s -> sink.wrap(s));
    }

    private void awaitAllWritten(int expected) {
        Map<Integer, Long> ends = GroupOffsets.endOffsets(topic);
        until(TIMEOUT, () -> rows() == expected && db.storedOffsets(group, topic).equals(ends),
                () -> rows() + " rows of " + expected + ", stored offsets " + db.storedOffsets(group, topic) + ", log end " + ends);
    }

    private Set<UUID> produce(int count) {
        try (TestOrders orders = new TestOrders(topic)) {
            return orders.send(count).stream().map(Order::orderId).collect(Collectors.toSet());
        }
    }

    private long rows() {
        return db.queryLong("SELECT count(*) FROM orders WHERE source_topic = ?", topic);
    }

    private Map<String, String> vars(Map<String, String> extra) {
        Map<String, String> vars = new HashMap<>(db.env());
        vars.put(ConsumerSettings.SINK, "postgres");
        vars.put("KAFKA_CONSUMER_MAX_POLL_RECORDS", "200");
        // A killed member's partitions move after this long (the broker's minimum is 6 s).
        vars.put("KAFKA_CONSUMER_SESSION_TIMEOUT_MS", "6000");
        vars.put("KAFKA_CONSUMER_HEARTBEAT_INTERVAL_MS", "1000");
        vars.putAll(extra);
        if ("consumer".equals(vars.get(ConsumerSettings.CONSUMER_GROUP_PROTOCOL))) {
            // With group.protocol=consumer the broker owns session and heartbeat timing; the client refuses them.
            vars.remove("KAFKA_CONSUMER_SESSION_TIMEOUT_MS");
            vars.remove("KAFKA_CONSUMER_HEARTBEAT_INTERVAL_MS");
        }
        return ConsumerTestEnv.vars(topic, group, vars);
    }

    private Env env(Map<String, String> extra) {
        return Env.of(vars(extra));
    }

    /** Runs a main class of the test classpath in its own JVM, output to target/. */
    static Process startProcess(String mainClass, Map<String, String> env) throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        ProcessBuilder builder = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"), mainClass);
        builder.environment().putAll(env);
        builder.redirectErrorStream(true);
        builder.redirectOutput(new File("target", "crashing-consumer-" + UUID.randomUUID().toString().substring(0, 8) + ".log"));
        return builder.start();
    }
}

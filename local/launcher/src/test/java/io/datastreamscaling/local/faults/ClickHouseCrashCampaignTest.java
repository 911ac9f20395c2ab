package io.datastreamscaling.local.faults;

import static io.datastreamscaling.local.broker.testing.Await.until;
import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.datastreamscaling.consumer.ConsumerMain;
import io.datastreamscaling.consumer.ConsumerSettings;
import io.datastreamscaling.consumer.sink.clickhouse.ClickHouseOrderSink;
import io.datastreamscaling.consumer.sink.clickhouse.ClickHouseSettings;
import io.datastreamscaling.consumer.testing.TestClickHouse;
import io.datastreamscaling.local.broker.EmbeddedKafkaBroker;
import io.datastreamscaling.local.broker.testing.TestKafka;
import io.datastreamscaling.local.process.ServiceProcess;
import io.datastreamscaling.producer.ProducerService;
import io.datastreamscaling.shared.config.Env;
import io.datastreamscaling.shared.kafka.TopicBootstrap;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The analytics consumer crashes, for real: three consumer JVMs of one group write orders to
 * ClickHouse while the producer service generates them; ten times a random instance is killed with
 * SIGKILL at a random moment and replaced by a new JVM. At the end every order the producer had
 * acknowledged is in {@code orders} exactly once after {@code FINAL}, and the offsets the table holds
 * are at the log end. The raw row count beside it shows what a kill made the consumers insert twice
 * and merges have not folded yet (merges keep running: stopped, the server refuses inserts at 300
 * parts).
 *
 * <p>Run alone (needs a ClickHouse server, see {@code TestClickHouse}):
 * {@code ./mvnw -pl local/launcher -am -Pfault verify -Dtest=ClickHouseCrashCampaignTest
 * -Dsurefire.failIfNoSpecifiedTests=false} ({@code -Dcampaign.seed=N} repeats a run's choices).
 * Figures in {@code docs/reliability.md}; the consumers' logs in
 * {@code local/launcher/target/clickhouse-crash-campaign}.
 */
@Tag("fault")
class ClickHouseCrashCampaignTest {
    private static final int PARTITIONS = 6;
    private static final int INSTANCES = 3;
    private static final int KILLS = 10;
    private static final int ORDERS_PER_SECOND = 300;
    private static final Duration SESSION_TIMEOUT = Duration.ofSeconds(6);
    // Bounds for a shared 2-core machine; a bound hit fails the campaign.
    private static final Duration RECOVERY = Duration.ofSeconds(90);
    private static final Duration DRAIN = Duration.ofSeconds(120);
    private static final Path LOGS = Path.of("target", "clickhouse-crash-campaign");

    private static EmbeddedKafkaBroker broker;
    private static Admin admin;
    private static TestClickHouse clickHouse;

    @BeforeAll
    static void startBrokerAndClickHouse() throws Exception {
        broker = EmbeddedKafkaBroker.start(EmbeddedKafkaBroker.Settings.temporary());
        admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers()));
        clickHouse = TestClickHouse.create("clickhouse_crash_campaign");
        // The tables before the first instance, so the counts can be read from the start.
        ClickHouseOrderSink.start(ClickHouseSettings.from(Env.of(clickHouse.env()))).close();
        Files.createDirectories(LOGS);
    }

    @AfterAll
    static void stopBrokerAndClickHouse() {
        if (admin != null) {
            admin.close();
        }
        if (broker != null) {
            broker.close();
        }
        if (clickHouse != null) {
            clickHouse.close();
        }
    }

    @Test
    @Timeout(value = 8, unit = TimeUnit.MINUTES)
    void sigkilledAnalyticsConsumersLeaveEveryAcknowledgedOrderInClickHouseOnceAfterFinal() throws Exception {
        String topic = TestKafka.uniqueName("orders");
        String group = TestKafka.uniqueName("analytics-campaign");
        admin.createTopics(List.of(new NewTopic(topic, PARTITIONS, (short) 1))).all().get(30, TimeUnit.SECONDS);
        TopicBootstrap.awaitLeadersServing(admin, List.of(topic), Duration.ofSeconds(30));
        long seed = Long.getLong("campaign.seed", System.nanoTime());
        Random random = new Random(seed);
        Map<String, String> consumerEnv = consumerEnv(topic, group);
        List<ServiceProcess> instances = new ArrayList<>();
        List<Long> recoveryMillis = new ArrayList<>();
        long started = System.nanoTime();
        long acknowledged;
        long failed;
        long drainMillis;

        ProducerService producer = ProducerService.start(Env.of(producerEnv(topic)));
        try {
            for (int i = 0; i < INSTANCES; i++) {
                instances.add(startInstance(i, consumerEnv));
            }
            until(RECOVERY, () -> clickHouse.rawRows(topic) > 0, () -> "the consumers started writing");

            for (int kill = 1; kill <= KILLS; kill++) {
                LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(200 + random.nextInt(2_000)));
                ServiceProcess victim = instances.remove(random.nextInt(instances.size()));
                Map<Integer, Long> storedAtKill = clickHouse.storedOffsets(topic);
                long killedAt = System.nanoTime();
                victim.kill();
                instances.add(startInstance(INSTANCES + kill - 1, consumerEnv));
                until(RECOVERY, () -> everyPartitionMovedOn(storedAtKill, topic),
                        () -> "every partition written past its position at the kill " + storedAtKill + "; now "
                                + clickHouse.storedOffsets(topic) + " of " + SinkTally.logEndOffsets(admin, topic));
                recoveryMillis.add(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - killedAt));
                System.out.printf(Locale.ROOT, "kill %d: %s (SIGKILL), every partition moving again after %d ms%n",
                        kill, victim.name(), recoveryMillis.get(recoveryMillis.size() - 1));
            }
            producer.close(); // waits for the last acknowledgements: the counts below are final
            acknowledged = producer.acknowledged();
            failed = producer.failed();

            long drainStart = System.nanoTime();
            until(DRAIN, () -> clickHouse.storedOffsets(topic).equals(SinkTally.logEndOffsets(admin, topic)),
                    () -> "the table's offsets at the log end: " + clickHouse.storedOffsets(topic) + " of " + SinkTally.logEndOffsets(admin, topic));
            drainMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - drainStart);
            instances.forEach(ServiceProcess::stop);
        } finally {
            producer.close();
            instances.forEach(ServiceProcess::destroy); // a failed campaign leaves no consumer running
        }
        long raw = clickHouse.rawRows(topic);
        long afterFinal = clickHouse.finalRows(topic);
        long distinct = clickHouse.distinctOrders(topic);
        Map<Integer, Long> logEnd = SinkTally.logEndOffsets(admin, topic);
        long inTopic = logEnd.values().stream().mapToLong(Long::longValue).sum();
        report(seed, acknowledged, failed, raw, afterFinal, distinct, recoveryMillis, drainMillis, started);

        assertAll(
                () -> assertEquals(KILLS, recoveryMillis.size(), "kills injected"),
                () -> assertEquals(0, failed, "the producer failed no send"),
                () -> assertEquals(0, Math.max(0, acknowledged - distinct), "acknowledged orders missing from ClickHouse"),
                () -> assertEquals(0, afterFinal - distinct, "orders more than once after FINAL"),
                () -> assertEquals(acknowledged, afterFinal, "one row per acknowledged order after FINAL"),
                () -> assertEquals(acknowledged, inTopic, "one record per acknowledged order in the topic"),
                () -> assertEquals(logEnd, clickHouse.storedOffsets(topic), "the table's offsets at the log end"));
    }

    private static ServiceProcess startInstance(int number, Map<String, String> env) {
        String name = "analytics-consumer-" + number;
        return ServiceProcess.start(name, ConsumerMain.class, env, LOGS.resolve(name + ".log"));
    }

    /** A partition has moved on when the table's offset passed where it was at the kill, or it has nothing left to read. */
    private static boolean everyPartitionMovedOn(Map<Integer, Long> atKill, String topic) {
        Map<Integer, Long> stored = clickHouse.storedOffsets(topic);
        return SinkTally.logEndOffsets(admin, topic).entrySet().stream().allMatch(end -> {
            long now = stored.getOrDefault(end.getKey(), 0L);
            return now > atKill.getOrDefault(end.getKey(), 0L) || now == end.getValue();
        });
    }

    private static Map<String, String> producerEnv(String topic) {
        Map<String, String> env = new HashMap<>();
        env.put("KAFKA_BOOTSTRAP_SERVERS", broker.bootstrapServers());
        env.put("ORDERS_TOPIC", topic);
        env.put("HTTP_PORT", "0");
        env.put("PRODUCER_RATE", Integer.toString(ORDERS_PER_SECOND));
        return env;
    }

    private static Map<String, String> consumerEnv(String topic, String group) {
        Map<String, String> env = new HashMap<>(clickHouse.env());
        env.put("KAFKA_BOOTSTRAP_SERVERS", broker.bootstrapServers());
        env.put(ConsumerSettings.ORDERS_TOPIC, topic);
        env.put(ConsumerSettings.DLQ_TOPIC, topic + ".dlq");
        env.put(ConsumerSettings.CONSUMER_GROUP_ID, group);
        env.put(ConsumerSettings.HTTP_PORT, "0");
        env.put(ConsumerSettings.CONSUMER_RETRY_BACKOFF_MAX_MS, "1000");
        env.put("TOPIC_PARTITIONS", Integer.toString(PARTITIONS));
        // Small polls split into small blocks: more INSERTs in flight, so a kill lands between two of them more often.
        env.put("KAFKA_CONSUMER_MAX_POLL_RECORDS", "200");
        env.put(ClickHouseSettings.CLICKHOUSE_BATCH_MAX_ROWS, "100");
        env.put("KAFKA_CONSUMER_SESSION_TIMEOUT_MS", Long.toString(SESSION_TIMEOUT.toMillis()));
        env.put("KAFKA_CONSUMER_HEARTBEAT_INTERVAL_MS", "1000");
        return env;
    }

    private static void report(long seed, long acknowledged, long failed, long raw, long afterFinal, long distinct,
                               List<Long> recoveryMillis, long drainMillis, long startedNanos) {
        long seconds = TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - startedNanos);
        var recovery = recoveryMillis.stream().mapToLong(Long::longValue).summaryStatistics();
        long missing = Math.max(0, acknowledged - distinct);
        System.out.printf(Locale.ROOT, "clickhouse-crash campaign: acknowledged=%d rawRows=%d rowsAfterFinal=%d missing=%d"
                        + " duplicatedAfterFinal=%d reinsertedBeforeMerge=%d kills=%d recovery ms min/avg/max=%d/%d/%d drain=%d ms in %d s (seed %d)%n",
                acknowledged, raw, afterFinal, missing, afterFinal - distinct, raw - distinct, recoveryMillis.size(),
                recovery.getMin(), Math.round(recovery.getAverage()), recovery.getMax(), drainMillis, seconds, seed);
        System.out.printf(Locale.ROOT, "{\"campaign\":\"clickhouse-crash\",\"acknowledged\":%d,\"failedSends\":%d,\"rawRows\":%d,"
                        + "\"rowsAfterFinal\":%d,\"missing\":%d,\"duplicatedAfterFinal\":%d,\"reinsertedBeforeMerge\":%d,\"kills\":%d,"
                        + "\"recoveryMs\":{\"min\":%d,\"avg\":%d,\"max\":%d},\"drainMs\":%d,\"seconds\":%d,\"seed\":%d}%n",
                acknowledged, failed, raw, afterFinal, missing, afterFinal - distinct, raw - distinct, recoveryMillis.size(),
                recovery.getMin(), Math.round(recovery.getAverage()), recovery.getMax(), drainMillis, seconds, seed);
    }
}

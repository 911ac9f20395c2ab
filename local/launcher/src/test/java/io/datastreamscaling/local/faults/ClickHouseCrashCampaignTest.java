package io.datastreamscaling.local.faults;

import static io.datastreamscaling.local.broker.testing.Await.until;
import static io.datastreamscaling.local.faults.CrashCampaign.DRAIN;
import static io.datastreamscaling.local.faults.CrashCampaign.INSTANCES;
import static io.datastreamscaling.local.faults.CrashCampaign.KILLS;
import static io.datastreamscaling.local.faults.CrashCampaign.PARTITIONS;
import static io.datastreamscaling.local.faults.CrashCampaign.RECOVERY;
import static io.datastreamscaling.local.faults.CrashCampaign.SESSION_TIMEOUT;
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
        CrashCampaign campaign = new CrashCampaign(instances, n -> startInstance(n, consumerEnv),
                () -> clickHouse.storedOffsets(topic), () -> SinkTally.logEndOffsets(admin, topic));
        List<Long> recoveryMillis;
        long started = System.nanoTime();
        long acknowledged;
        long failed;
        long drainMillis;

        ProducerService producer = ProducerService.start(Env.of(CrashCampaign.producerEnv(broker.bootstrapServers(), topic)));
        try {
            for (int i = 0; i < INSTANCES; i++) {
                instances.add(startInstance(i, consumerEnv));
            }
            until(RECOVERY, () -> clickHouse.rawRows(topic) > 0, () -> "the consumers started writing");

            // Act: kill a random instance at a random moment, replace it, wait until every partition moves again.
            recoveryMillis = campaign.killAndReplace(KILLS, random, "");
            producer.close(); // waits for the last acknowledgements: the counts below are final
            acknowledged = producer.acknowledged();
            failed = producer.failed();

            long drainStart = System.nanoTime();
            until(DRAIN, () -> clickHouse.storedOffsets(topic).equals(SinkTally.logEndOffsets(admin, topic)),
                    () -> "the table's offsets at the log end: " + clickHouse.storedOffsets(topic) + " of " + SinkTally.logEndOffsets(admin, topic));
            drainMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - drainStart);
            CrashCampaign.stopAll(instances);
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

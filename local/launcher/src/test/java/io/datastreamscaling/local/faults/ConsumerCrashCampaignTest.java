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
import io.datastreamscaling.consumer.sink.postgres.SchemaMigrator;
import io.datastreamscaling.consumer.testing.TestDatabase;
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
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Consumer crashes, for real: three consumer JVMs of one group write orders to PostgreSQL
 * (exactly-once sink) while the producer service generates them; ten times per protocol a random instance is
 * killed with SIGKILL at a random moment and replaced by a new JVM. At the end every order the
 * producer had acknowledged is in {@code orders} exactly once and {@code kafka_offsets} is at the
 * log end, for both group protocols.
 *
 * <p>Run alone: {@code ./mvnw -pl local/launcher -am -Pfault verify -Dtest=ConsumerCrashCampaignTest
 * -Dsurefire.failIfNoSpecifiedTests=false} ({@code -Dcampaign.seed=N} repeats a run's choices).
 * Figures in {@code docs/reliability.md}; the consumers' logs in
 * {@code local/launcher/target/consumer-crash-campaign}.
 */
@Tag("fault")
class ConsumerCrashCampaignTest {
    private static final Path LOGS = Path.of("target", "consumer-crash-campaign");

    private static EmbeddedKafkaBroker broker;
    private static Admin admin;
    private static TestDatabase db;

    @BeforeAll
    static void startBrokerAndDatabase() throws Exception {
        // A broker of its own: with group.protocol=consumer the session timeout is the broker's
        // (default and minimum 45 s), and a killed member's partitions wait that long to move.
        // 6 s, like the classic protocol's session.timeout.ms below, keeps the campaign bounded.
        broker = EmbeddedKafkaBroker.start(EmbeddedKafkaBroker.Settings.temporary().withOverrides(Map.of(
                "group.consumer.session.timeout.ms", Long.toString(SESSION_TIMEOUT.toMillis()),
                "group.consumer.min.session.timeout.ms", Long.toString(SESSION_TIMEOUT.toMillis()),
                "group.consumer.heartbeat.interval.ms", "1000",
                "group.consumer.min.heartbeat.interval.ms", "1000")));
        admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers()));
        db = TestDatabase.create("consumer_crash_campaign");
        try (var c = db.connect()) {
            SchemaMigrator.migrate(c); // before the first instance, so the counts can be read from the start
        }
        Files.createDirectories(LOGS);
    }

    @AfterAll
    static void stopBrokerAndDatabase() {
        if (admin != null) {
            admin.close();
        }
        if (broker != null) {
            broker.close();
        }
        if (db != null) {
            db.close();
        }
    }

    @ParameterizedTest(name = "group.protocol={0}")
    @ValueSource(strings = {ConsumerSettings.PROTOCOL_CLASSIC, ConsumerSettings.PROTOCOL_CONSUMER})
    @Timeout(value = 8, unit = TimeUnit.MINUTES)
    void sigkilledConsumersLeaveEveryAcknowledgedOrderInPostgresExactlyOnce(String protocol) throws Exception {
        String topic = TestKafka.uniqueName("orders");
        String group = TestKafka.uniqueName("crash-campaign");
        admin.createTopics(List.of(new NewTopic(topic, PARTITIONS, (short) 1))).all().get(30, TimeUnit.SECONDS);
        TopicBootstrap.awaitLeadersServing(admin, List.of(topic), Duration.ofSeconds(30));
        long seed = Long.getLong("campaign.seed", System.nanoTime());
        Random random = new Random(seed);
        Map<String, String> consumerEnv = consumerEnv(topic, group, protocol);
        List<ServiceProcess> instances = new ArrayList<>();
        CrashCampaign campaign = new CrashCampaign(instances, n -> startInstance(protocol, n, consumerEnv),
                () -> db.storedOffsets(group, topic), () -> SinkTally.logEndOffsets(admin, topic));
        List<Long> recoveryMillis;
        long started = System.nanoTime();
        long acknowledged;
        long failed;
        long drainMillis;

        ProducerService producer = ProducerService.start(Env.of(CrashCampaign.producerEnv(broker.bootstrapServers(), topic)));
        try {
            for (int i = 0; i < INSTANCES; i++) {
                instances.add(startInstance(protocol, i, consumerEnv));
            }
            until(RECOVERY, () -> tally(group, topic).rows() > 0, () -> "the consumers started writing");

            // Act: kill a random instance at a random moment, replace it, wait until every partition moves again.
            recoveryMillis = campaign.killAndReplace(KILLS, random, "[" + protocol + "] ");
            producer.close(); // waits for the last acknowledgements: the counts below are final
            acknowledged = producer.acknowledged();
            failed = producer.failed();

            long drainStart = System.nanoTime();
            until(DRAIN, () -> tally(group, topic).caughtUp(), () -> "every record written once, offsets at the log end; " + tally(group, topic));
            drainMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - drainStart);
            CrashCampaign.stopAll(instances);
        } finally {
            producer.close();
            instances.forEach(ServiceProcess::destroy); // a failed campaign leaves no consumer running
        }
        SinkTally end = tally(group, topic);
        report(protocol, seed, acknowledged, failed, end, recoveryMillis, drainMillis, started);

        assertAll(
                () -> assertEquals(KILLS, recoveryMillis.size(), "kills injected"),
                () -> assertEquals(0, failed, "the producer failed no send"),
                () -> assertEquals(0, Math.max(0, acknowledged - end.distinctOrders()), "acknowledged orders missing from Postgres"),
                () -> assertEquals(0, end.duplicatedRows(), "orders stored more than once"),
                () -> assertEquals(acknowledged, end.rows(), "one row per acknowledged order"),
                () -> assertEquals(acknowledged, end.recordsInTopic(), "one record per acknowledged order in the topic"),
                () -> assertEquals(end.logEndOffsets(), end.storedOffsets(), "kafka_offsets at the log end"));
    }

    private static ServiceProcess startInstance(String protocol, int number, Map<String, String> env) {
        String name = protocol + "-consumer-" + number;
        return ServiceProcess.start(name, ConsumerMain.class, env, LOGS.resolve(name + ".log"));
    }

    private static SinkTally tally(String group, String topic) {
        return SinkTally.read(db, admin, group, topic);
    }

    private static Map<String, String> consumerEnv(String topic, String group, String protocol) {
        Map<String, String> env = new HashMap<>(db.env());
        env.put("KAFKA_BOOTSTRAP_SERVERS", broker.bootstrapServers());
        env.put(ConsumerSettings.ORDERS_TOPIC, topic);
        env.put(ConsumerSettings.DLQ_TOPIC, topic + ".dlq");
        env.put(ConsumerSettings.CONSUMER_GROUP_ID, group);
        env.put(ConsumerSettings.CONSUMER_GROUP_PROTOCOL, protocol);
        env.put(ConsumerSettings.HTTP_PORT, "0");
        env.put(ConsumerSettings.SINK, ConsumerSettings.SINK_POSTGRES);
        env.put(ConsumerSettings.SINK_MODE, ConsumerSettings.MODE_EXACTLY_ONCE);
        env.put(ConsumerSettings.CONSUMER_RETRY_BACKOFF_MAX_MS, "1000");
        env.put("TOPIC_PARTITIONS", Integer.toString(PARTITIONS));
        // Small batches: more transactions in flight, so a kill lands between a write and a commit more often.
        env.put("KAFKA_CONSUMER_MAX_POLL_RECORDS", "200");
        if (ConsumerSettings.PROTOCOL_CLASSIC.equals(protocol)) {
            // With group.protocol=consumer the broker owns these (set on the broker above); the client refuses them.
            env.put("KAFKA_CONSUMER_SESSION_TIMEOUT_MS", Long.toString(SESSION_TIMEOUT.toMillis()));
            env.put("KAFKA_CONSUMER_HEARTBEAT_INTERVAL_MS", "1000");
        }
        return env;
    }

    private static void report(String protocol, long seed, long acknowledged, long failed, SinkTally end,
                               List<Long> recoveryMillis, long drainMillis, long startedNanos) {
        long seconds = TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - startedNanos);
        var recovery = recoveryMillis.stream().mapToLong(Long::longValue).summaryStatistics();
        long missing = Math.max(0, acknowledged - end.distinctOrders());
        System.out.printf(Locale.ROOT, "consumer-crash campaign [%s]: acknowledged=%d rows=%d missing=%d duplicated=%d kills=%d"
                        + " recovery ms min/avg/max=%d/%d/%d drain=%d ms in %d s (seed %d)%n",
                protocol, acknowledged, end.rows(), missing, end.duplicatedRows(), recoveryMillis.size(),
                recovery.getMin(), Math.round(recovery.getAverage()), recovery.getMax(), drainMillis, seconds, seed);
        System.out.printf(Locale.ROOT, "{\"campaign\":\"consumer-crash\",\"protocol\":\"%s\",\"acknowledged\":%d,\"failedSends\":%d,"
                        + "\"rows\":%d,\"missing\":%d,\"duplicated\":%d,\"kills\":%d,\"recoveryMs\":{\"min\":%d,\"avg\":%d,\"max\":%d},"
                        + "\"drainMs\":%d,\"seconds\":%d,\"seed\":%d}%n",
                protocol, acknowledged, failed, end.rows(), missing, end.duplicatedRows(), recoveryMillis.size(),
                recovery.getMin(), Math.round(recovery.getAverage()), recovery.getMax(), drainMillis, seconds, seed);
    }
}

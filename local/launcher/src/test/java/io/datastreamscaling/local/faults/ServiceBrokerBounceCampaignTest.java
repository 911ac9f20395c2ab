package io.datastreamscaling.local.faults;

import static io.datastreamscaling.local.broker.testing.Await.until;
import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.datastreamscaling.consumer.ConsumerService;
import io.datastreamscaling.consumer.ConsumerSettings;
import io.datastreamscaling.consumer.testing.TestDatabase;
import io.datastreamscaling.local.broker.testing.ProcessCluster;
import io.datastreamscaling.producer.ProducerService;
import io.datastreamscaling.shared.config.Env;
import io.datastreamscaling.shared.kafka.Topics;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.parallel.ResourceLock;

/**
 * Broker faults with the real services: three broker JVMs (RF 3, {@code min.insync.replicas=2}),
 * the producer service generating ~1,000 orders/s and the consumer service writing them to
 * PostgreSQL (exactly-once sink), while the leader of {@code orders-0} is stopped cleanly 3 times
 * and killed with SIGKILL 3 times, each time restarted and waited back into the ISR. At the end the
 * table holds every order the producer had acknowledged, once, and the topic one record per
 * acknowledged order (idempotence: no duplicate from a retry).
 *
 * <p>{@code BrokerBounceCampaignTest} runs 10 faults with raw clients; this one runs fewer, with the services' own
 * client settings and the database in the loop.
 *
 * <p>Run alone: {@code ./mvnw -pl local/launcher -am -Pfault verify -Dtest=ServiceBrokerBounceCampaignTest
 * -Dsurefire.failIfNoSpecifiedTests=false}. Figures in {@code docs/reliability.md}; the nodes' logs
 * in {@code local/launcher/target/service-broker-bounce-campaign}.
 */
@Tag("fault")
@ResourceLock(ProcessCluster.ONE_AT_A_TIME)
class ServiceBrokerBounceCampaignTest {
    private enum Fault { CLEAN_STOP, KILL }

    private static final String TOPIC = Topics.ORDERS;
    private static final int PARTITIONS = 6;
    private static final TopicPartition UNDER_FAULT = new TopicPartition(TOPIC, 0);
    private static final List<Fault> SCHEDULE = List.of(
            Fault.CLEAN_STOP, Fault.KILL, Fault.CLEAN_STOP, Fault.KILL, Fault.CLEAN_STOP, Fault.KILL);
    private static final Duration START = Duration.ofSeconds(180);
    private static final Duration RECOVERY = Duration.ofSeconds(120);
    private static final int STEADY_ORDERS = 3_000; // ~3 s of generator output written

    /** What one fault cost: times in milliseconds from the signal. */
    private record Outcome(Fault fault, int oldLeader, int newLeader, long newLeaderMs, long sinkCaughtUpMs, long healedMs) {
    }

    @Test
    @Timeout(value = 12, unit = TimeUnit.MINUTES)
    void leaderStopsAndKillsUnderTheServicesLeaveEveryAcknowledgedOrderInPostgresOnce() throws Exception {
        long campaignStart = System.nanoTime();
        List<Outcome> outcomes = new ArrayList<>();
        long acknowledged;
        long sent;
        long failed;
        SinkTally end;
        String group = "service-broker-bounce";
        try (TestDatabase db = TestDatabase.create("service_broker_bounce");
             ProcessCluster cluster = ProcessCluster.start(Path.of("target", "service-broker-bounce-campaign"), START)) {
            // Both topics exist before the services start, as in a deployment (kafka-init): a topic the
            // service creates itself on a 3-node cluster can be unknown for a moment to the node it
            // asks next, and TopicBootstrap does not retry that.
            for (String topic : List.of(TOPIC, Topics.ORDERS_DLQ)) {
                cluster.createTopic(topic, PARTITIONS);
                cluster.waitForIsr(topic, ProcessCluster.NODES, RECOVERY);
            }
            try (ConsumerService consumer = ConsumerService.start(consumerEnv(cluster, db, group))) {
                ProducerService producer = ProducerService.start(producerEnv(cluster));
                try {
                    until(RECOVERY, () -> consumer.consumed() > 0, () -> "orders flowing into PostgreSQL before the first fault");
                    long flowing = rows(db);
                    until(RECOVERY, () -> rows(db) >= flowing + STEADY_ORDERS, () -> "a steady flow before the first fault; rows " + rows(db));
                    for (Fault fault : SCHEDULE) {
                        outcomes.add(inject(cluster, producer, db, fault));
                    }
                    producer.close(); // waits for the last acknowledgements: the counts below are final
                    acknowledged = producer.acknowledged();
                    sent = producer.sent();
                    failed = producer.failed();
                } finally {
                    producer.close();
                }
                until(RECOVERY, () -> SinkTally.read(db, cluster.admin(), group, TOPIC).caughtUp(),
                        () -> "every record of the topic in PostgreSQL: " + SinkTally.read(db, cluster.admin(), group, TOPIC));
            }
            end = SinkTally.read(db, cluster.admin(), group, TOPIC);
        }
        report(outcomes, acknowledged, sent, failed, end, System.nanoTime() - campaignStart);

        long missing = Math.max(0, acknowledged - end.distinctOrders());
        assertAll(
                () -> assertEquals(SCHEDULE.size(), outcomes.size(), "faults injected"),
                () -> assertTrue(acknowledged > 30_000, "orders acknowledged under load: " + acknowledged),
                () -> assertEquals(0, failed, "the producer failed no send (retries outlast every outage)"),
                () -> assertEquals(0, missing, "acknowledged orders missing from PostgreSQL"),
                () -> assertEquals(0, end.duplicatedRows(), "orders stored more than once"),
                () -> assertEquals(acknowledged, end.rows(), "one row per acknowledged order"),
                () -> assertEquals(acknowledged, end.recordsInTopic(), "one record per acknowledged order in the topic"),
                () -> assertEquals(end.logEndOffsets(), end.storedOffsets(), "kafka_offsets at the log end"));
    }

    private static Outcome inject(ProcessCluster cluster, ProducerService producer, TestDatabase db, Fault fault) {
        int leader = cluster.leaderOf(UNDER_FAULT).orElseThrow(() -> new AssertionError(UNDER_FAULT + " has no leader"));
        long acknowledgedBefore = producer.acknowledged();
        long injected = System.nanoTime();
        if (fault == Fault.CLEAN_STOP) {
            cluster.stopCleanly(leader);
        } else {
            cluster.kill(leader);
        }
        until(RECOVERY, () -> cluster.leaderOf(UNDER_FAULT).orElse(leader) != leader,
                () -> "a leader for " + UNDER_FAULT + " other than node " + leader);
        long newLeaderMs = millisSince(injected);
        int newLeader = cluster.leaderOf(UNDER_FAULT).orElse(-1);
        // Every order acknowledged before the fault is written: the partition under fault moves again end to end.
        until(RECOVERY, () -> rows(db) >= acknowledgedBefore,
                () -> "PostgreSQL caught up with the " + acknowledgedBefore + " orders acknowledged before the fault; rows " + rows(db));
        long sinkCaughtUpMs = millisSince(injected);
        cluster.restart(leader, RECOVERY);
        cluster.waitForIsr(TOPIC, ProcessCluster.NODES, RECOVERY);
        Outcome outcome = new Outcome(fault, leader, newLeader, newLeaderMs, sinkCaughtUpMs, millisSince(injected));
        System.out.printf(Locale.ROOT, "%-10s node %d -> leader %d: new leader after %5d ms, sink caught up after %5d ms, healed (ISR 3) after %5d ms%n",
                fault, leader, newLeader, outcome.newLeaderMs(), outcome.sinkCaughtUpMs(), outcome.healedMs());
        return outcome;
    }

    private static long millisSince(long nanos) {
        return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - nanos);
    }

    private static long rows(TestDatabase db) {
        return db.queryLong("SELECT count(*) FROM orders WHERE source_topic = ?", TOPIC);
    }

    private static Env producerEnv(ProcessCluster cluster) {
        Map<String, String> env = commonEnv(cluster);
        env.put("PRODUCER_RATE", "1000");
        return Env.of(env);
    }

    private static Env consumerEnv(ProcessCluster cluster, TestDatabase db, String group) {
        Map<String, String> env = commonEnv(cluster);
        env.putAll(db.env());
        env.put(ConsumerSettings.CONSUMER_GROUP_ID, group);
        env.put(ConsumerSettings.SINK, ConsumerSettings.SINK_POSTGRES);
        env.put(ConsumerSettings.CONSUMER_RETRY_BACKOFF_MAX_MS, "1000");
        return Env.of(env);
    }

    private static Map<String, String> commonEnv(ProcessCluster cluster) {
        Map<String, String> env = new HashMap<>();
        env.put("KAFKA_BOOTSTRAP_SERVERS", cluster.bootstrapServers());
        env.put("HTTP_PORT", "0");
        env.put("TOPIC_PARTITIONS", Integer.toString(PARTITIONS));
        // The dead-letter topic the consumer creates must survive a broker going away, like orders.
        env.put("TOPIC_REPLICATION_FACTOR", Integer.toString(ProcessCluster.NODES));
        return env;
    }

    private static void report(List<Outcome> outcomes, long acknowledged, long sent, long failed, SinkTally end, long elapsedNanos) {
        long missing = Math.max(0, acknowledged - end.distinctOrders());
        long seconds = TimeUnit.NANOSECONDS.toSeconds(elapsedNanos);
        System.out.printf(Locale.ROOT, "service broker-bounce campaign: sent=%d acknowledged=%d failed=%d rows=%d topic=%d missing=%d duplicated=%d faults=%d in %d s%n",
                sent, acknowledged, failed, end.rows(), end.recordsInTopic(), missing, end.duplicatedRows(), outcomes.size(), seconds);
        StringBuilder json = new StringBuilder("{\"campaign\":\"service-broker-bounce\"")
                .append(",\"sent\":").append(sent).append(",\"acknowledged\":").append(acknowledged)
                .append(",\"failedSends\":").append(failed).append(",\"rows\":").append(end.rows())
                .append(",\"recordsInTopic\":").append(end.recordsInTopic()).append(",\"missing\":").append(missing)
                .append(",\"duplicated\":").append(end.duplicatedRows()).append(",\"faults\":").append(outcomes.size())
                .append(",\"seconds\":").append(seconds);
        for (Fault fault : Fault.values()) {
            List<Outcome> ofKind = outcomes.stream().filter(o -> o.fault() == fault).toList();
            json.append(",\"").append(fault.name().toLowerCase(Locale.ROOT)).append("\":{\"count\":").append(ofKind.size())
                    .append(",\"newLeaderMs\":").append(ofKind.stream().map(o -> Long.toString(o.newLeaderMs())).toList())
                    .append(",\"sinkCaughtUpMs\":").append(ofKind.stream().map(o -> Long.toString(o.sinkCaughtUpMs())).toList())
                    .append(",\"healedMs\":").append(ofKind.stream().map(o -> Long.toString(o.healedMs())).toList()).append('}');
        }
        System.out.println(json.append('}'));
    }
}

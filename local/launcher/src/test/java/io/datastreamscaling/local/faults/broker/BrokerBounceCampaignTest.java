package io.datastreamscaling.local.faults.broker;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.datastreamscaling.local.faults.broker.FaultOutcome.Fault;
import io.datastreamscaling.local.broker.testing.Await;
import io.datastreamscaling.local.broker.testing.ProcessCluster;
import io.datastreamscaling.shared.verify.DeliveryComparison;
import io.datastreamscaling.shared.verify.DeliveryComparison.Acknowledged;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.parallel.ResourceLock;

/**
 * Broker faults under load, Jepsen-style: three broker JVMs (RF 3, {@code min.insync.replicas=2}),
 * an idempotent producer at ~1,000 records/s, and the leader of one partition stopped cleanly 5
 * times and killed with SIGKILL 5 times, each time restarted and waited back into the ISR. Then the
 * topic is read from the beginning and compared with every acknowledgement the producer received.
 *
 * <p>It lives here, not in local/broker beside {@link ProcessCluster}: the service modules' tests depend
 * on local/broker, so a campaign there held up every module after it, while here it runs beside the
 * other campaigns (the {@code fault} profile runs two classes at a time).
 *
 * <p>Run alone: {@code ./mvnw -pl local/launcher -am -Pfault verify -Dtest=BrokerBounceCampaignTest
 * -Dsurefire.failIfNoSpecifiedTests=false}. Figures in {@code docs/reliability.md}; the nodes' logs
 * in {@code local/launcher/target/broker-bounce-campaign}.
 */
@Tag("fault")
@ResourceLock(ProcessCluster.ONE_AT_A_TIME)
class BrokerBounceCampaignTest {
    private static final String TOPIC = "orders";
    private static final int PARTITIONS = 6;
    private static final TopicPartition UNDER_FAULT = new TopicPartition(TOPIC, 0);
    private static final int RECORDS_PER_SECOND = 1_000;
    private static final int USERS = 100;
    private static final List<Fault> SCHEDULE = List.of(
            Fault.CLEAN_STOP, Fault.KILL, Fault.CLEAN_STOP, Fault.KILL, Fault.CLEAN_STOP,
            Fault.KILL, Fault.CLEAN_STOP, Fault.KILL, Fault.CLEAN_STOP, Fault.KILL);
    // Generous bounds: on a quiet 2-core machine a start takes ~10 s and a recovery ~10 s, but a
    // shared CI machine can be many times slower; a bound hit is a failure, never a skip.
    private static final Duration START = Duration.ofSeconds(180);
    private static final Duration RECOVERY = Duration.ofSeconds(120);
    private static final Duration STEADY = Duration.ofSeconds(3);

    @Test
    @Timeout(value = 15, unit = TimeUnit.MINUTES)
    void leaderStopsAndKillsLoseNoAcknowledgedRecordAndDuplicateNone() throws Exception {
        long campaignStart = System.nanoTime();
        List<FaultOutcome> outcomes = new ArrayList<>();
        PacedProducer producer;
        List<TopicReadBack.Found> found;
        try (ProcessCluster cluster = ProcessCluster.start(Path.of("target", "broker-bounce-campaign"), START)) {
            cluster.createTopic(TOPIC, PARTITIONS);
            cluster.waitForIsr(TOPIC, ProcessCluster.NODES, RECOVERY);
            try (PacedProducer running = new PacedProducer(cluster.bootstrapServers(), TOPIC, PARTITIONS, RECORDS_PER_SECOND, USERS).start()) {
                producer = running;
                producer.awaitAcknowledgedSendAfter(UNDER_FAULT.partition(), System.nanoTime() + STEADY.toNanos(), RECOVERY);
                for (Fault fault : SCHEDULE) {
                    outcomes.add(inject(cluster, producer, fault));
                }
                producer.awaitAcknowledgedSendAfter(UNDER_FAULT.partition(), System.nanoTime() + STEADY.toNanos(), RECOVERY);
            }
            found = TopicReadBack.readAll(cluster.bootstrapServers(), TOPIC, RECOVERY);
        }
        List<PacedProducer.Ack> acks = producer.acknowledged();
        DeliveryComparison.Result result = DeliveryComparison.compare(
                acks.stream().map(a -> new Acknowledged(a.id(), a.key(), a.sequence())).toList(),
                found.stream().map(TopicReadBack.Found::id).toList());
        List<PacedProducer.Failure> failures = producer.failures();
        CampaignReport.print(result, outcomes, acks, failures.size(), System.nanoTime() - campaignStart);

        assertAll(
                () -> assertEquals(SCHEDULE.size(), outcomes.size(), "faults injected"),
                () -> assertTrue(acks.size() > 10 * RECORDS_PER_SECOND, "records acknowledged under load: " + acks.size()),
                () -> assertEquals(List.of(), first(result.missing()), "acknowledged but missing: " + result.summary()),
                () -> assertEquals(List.of(), first(result.duplicated()), "duplicated despite idempotence: " + result.summary()),
                () -> assertEquals(List.of(), first(result.outOfOrder()), "a user's records out of send order: " + result.summary()),
                () -> assertEquals(0, failures.size(),
                        "sends failed (retries should outlast every outage): "
                                + CampaignReport.failureTimeline(failures, outcomes, campaignStart)));
    }

    private static FaultOutcome inject(ProcessCluster cluster, PacedProducer producer, Fault fault) {
        // One snapshot for both: the node faulted and the partitions it led then, as the timeline reports them.
        List<Integer> leadersBefore = cluster.leaders(TOPIC);
        int leader = leadersBefore.get(UNDER_FAULT.partition());
        if (leader < 0) {
            throw new AssertionError(UNDER_FAULT + " has no leader");
        }
        long injected = System.nanoTime();
        if (fault == Fault.CLEAN_STOP) {
            cluster.stopCleanly(leader);
        } else {
            cluster.kill(leader);
        }
        // Polled every 50 ms, so the figure is at most that (plus one admin call) late.
        Await.until(RECOVERY, () -> cluster.leaderOf(UNDER_FAULT).orElse(leader) != leader,
                () -> "a leader for " + UNDER_FAULT + " other than node " + leader);
        long newLeaderAt = System.nanoTime();
        int newLeader = cluster.leaderOf(UNDER_FAULT).orElse(-1);
        producer.awaitAcknowledgedSendAfter(UNDER_FAULT.partition(), injected, RECOVERY);
        cluster.restart(leader, RECOVERY);
        cluster.waitForIsr(TOPIC, ProcessCluster.NODES, RECOVERY);
        FaultOutcome outcome = new FaultOutcome(fault, UNDER_FAULT.partition(), leader, newLeader, leadersBefore, injected, newLeaderAt, System.nanoTime());
        System.out.printf(Locale.ROOT, "%s of node %d: new leader %d after %d ms, healed after %d ms%n",
                fault, leader, newLeader, outcome.millisToNewLeader(), outcome.millisToHeal());
        return outcome;
    }

    private static List<String> first(List<String> ids) {
        return ids.subList(0, Math.min(10, ids.size()));
    }
}

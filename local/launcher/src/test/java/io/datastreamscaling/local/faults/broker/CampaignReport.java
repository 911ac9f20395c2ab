package io.datastreamscaling.local.faults.broker;

import io.datastreamscaling.local.faults.broker.FaultOutcome.Fault;
import io.datastreamscaling.shared.verify.DeliveryComparison;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.LongSummaryStatistics;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/** The campaign's figures: one human line per fault and a summary, then one JSON line for scripts. */
final class CampaignReport {
    private CampaignReport() {
    }

    static void print(DeliveryComparison.Result result, List<FaultOutcome> outcomes, List<PacedProducer.Ack> acks,
                      long failedSends, long elapsedNanos) {
        for (FaultOutcome o : outcomes) {
            System.out.printf(Locale.ROOT, "fault %-10s node %d -> leader %d: new leader after %5d ms, longest ack pause %5d ms, healed (ISR 3) after %5d ms%n",
                    o.fault(), o.oldLeader(), o.newLeader(), o.millisToNewLeader(), o.longestAckPauseMillis(acks), o.millisToHeal());
        }
        long seconds = TimeUnit.NANOSECONDS.toSeconds(elapsedNanos);
        System.out.printf(Locale.ROOT, "broker-bounce campaign: %s failedSends=%d faults=%d in %d s%n",
                result.summary(), failedSends, outcomes.size(), seconds);
        System.out.println("{\"campaign\":\"broker-bounce\",\"acknowledged\":" + result.acknowledged()
                + ",\"found\":" + result.found()
                + ",\"missing\":" + result.missing().size()
                + ",\"duplicated\":" + result.duplicated().size()
                + ",\"unexpected\":" + result.unexpected().size()
                + ",\"outOfOrder\":" + result.outOfOrder().size()
                + ",\"failedSends\":" + failedSends
                + ",\"faults\":" + outcomes.size()
                + ",\"seconds\":" + seconds
                + "," + figures(Fault.CLEAN_STOP, "cleanStop", outcomes, acks)
                + "," + figures(Fault.KILL, "kill", outcomes, acks) + "}");
    }

    /**
     * Where the failed sends fall among the faults, for the assertion's message (the one part of a
     * failed campaign CI shows): per partition, how many failed, when the first was sent and failed,
     * then each fault with the partitions its node led. Times are seconds from the campaign's start.
     */
    static String failureTimeline(List<PacedProducer.Failure> failures, List<FaultOutcome> outcomes, long campaignStartNanos) {
        if (failures.isEmpty()) {
            return "none";
        }
        StringBuilder timeline = new StringBuilder();
        Map<Integer, List<PacedProducer.Failure>> byPartition = failures.stream()
                .collect(Collectors.groupingBy(PacedProducer.Failure::partition, TreeMap::new, Collectors.toList()));
        byPartition.forEach((partition, ofPartition) -> {
            PacedProducer.Failure first = ofPartition.stream()
                    .min(Comparator.comparingLong(PacedProducer.Failure::sentNanos)).orElseThrow();
            timeline.append(String.format(Locale.ROOT, "%d failed on partition %d, the first sent at +%.1f s and failed at +%.1f s (%s); ",
                    ofPartition.size(), partition, seconds(first.sentNanos(), campaignStartNanos),
                    seconds(first.failedNanos(), campaignStartNanos), first.message()));
        });
        timeline.append("faults:");
        for (FaultOutcome o : outcomes) {
            List<Integer> led = new ArrayList<>();
            for (int p = 0; p < o.leadersBefore().size(); p++) {
                if (o.leadersBefore().get(p) == o.oldLeader()) {
                    led.add(p);
                }
            }
            timeline.append(String.format(Locale.ROOT, " %s of node %d (leader of partitions %s) at +%.1f s, healed at +%.1f s;",
                    o.fault(), o.oldLeader(), led, seconds(o.injectedNanos(), campaignStartNanos),
                    seconds(o.healedNanos(), campaignStartNanos)));
        }
        return timeline.toString();
    }

    private static double seconds(long nanos, long startNanos) {
        return (nanos - startNanos) / 1e9;
    }

    private static String figures(Fault fault, String name, List<FaultOutcome> outcomes, List<PacedProducer.Ack> acks) {
        List<FaultOutcome> ofKind = outcomes.stream().filter(o -> o.fault() == fault).toList();
        return "\"" + name + "\":{\"count\":" + ofKind.size()
                + ",\"newLeaderMs\":" + stats(ofKind.stream().mapToLong(FaultOutcome::millisToNewLeader).summaryStatistics())
                + ",\"ackPauseMs\":" + stats(ofKind.stream().mapToLong(o -> o.longestAckPauseMillis(acks)).summaryStatistics())
                + ",\"healMs\":" + stats(ofKind.stream().mapToLong(FaultOutcome::millisToHeal).summaryStatistics())
                + ",\"newLeaderMsEach\":" + ofKind.stream().map(o -> Long.toString(o.millisToNewLeader()))
                        .collect(Collectors.joining(",", "[", "]"))
                + "}";
    }

    private static String stats(LongSummaryStatistics s) {
        return s.getCount() == 0 ? "null"
                : String.format(Locale.ROOT, "{\"min\":%d,\"avg\":%d,\"max\":%d}", s.getMin(), Math.round(s.getAverage()), s.getMax());
    }
}

package io.datastreamscaling.local.faults.broker;

import io.datastreamscaling.local.faults.broker.FaultOutcome.Fault;
import io.datastreamscaling.shared.verify.DeliveryComparison;
import java.util.List;
import java.util.LongSummaryStatistics;
import java.util.Locale;
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

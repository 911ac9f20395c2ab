package io.datastreamscaling.local.faults.broker;

import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * What one injected fault did to the partition under test.
 *
 * @param leadersBefore  the leader of each partition of the topic just before the fault ({@code -1}: none), so a
 *                       failure on another partition can be traced to the node it depended on
 * @param injectedNanos  when the signal was sent ({@link System#nanoTime()})
 * @param newLeaderNanos when the cluster's metadata first showed another leader
 * @param healedNanos    when the node was back and every partition had three in-sync replicas again
 */
record FaultOutcome(Fault fault, int partition, int oldLeader, int newLeader, List<Integer> leadersBefore,
                    long injectedNanos, long newLeaderNanos, long healedNanos) {

    enum Fault {
        /** SIGTERM: controlled shutdown, leadership handed over before the exit. */
        CLEAN_STOP,
        /** SIGKILL: a crash, noticed when the heartbeats stop. */
        KILL
    }

    long millisToNewLeader() {
        return TimeUnit.NANOSECONDS.toMillis(newLeaderNanos - injectedNanos);
    }

    long millisToHeal() {
        return TimeUnit.NANOSECONDS.toMillis(healedNanos - injectedNanos);
    }

    /**
     * The longest the partition went without an acknowledgement from the fault until it healed: the
     * time the producer could not write there (the last acknowledgement before the fault starts it).
     */
    long longestAckPauseMillis(List<PacedProducer.Ack> acks) {
        long previous = acks.stream()
                .filter(a -> a.partition() == partition && a.ackedNanos() <= injectedNanos)
                .mapToLong(PacedProducer.Ack::ackedNanos).max().orElse(injectedNanos);
        long[] after = acks.stream()
                .filter(a -> a.partition() == partition && a.ackedNanos() > injectedNanos && a.ackedNanos() <= healedNanos)
                .mapToLong(PacedProducer.Ack::ackedNanos).sorted().toArray();
        long longest = 0;
        for (long acked : after) {
            longest = Math.max(longest, acked - previous);
            previous = acked;
        }
        return TimeUnit.NANOSECONDS.toMillis(Math.max(longest, healedNanos - previous));
    }
}

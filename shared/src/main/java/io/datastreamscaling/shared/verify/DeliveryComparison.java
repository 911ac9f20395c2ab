package io.datastreamscaling.shared.verify;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The measuring stick of the delivery guarantees: what the producer was told was delivered
 * (acknowledged sends) against what a sink holds (a topic read from the beginning, a table), like
 * the checks Kafka's system tests run on {@code VerifiableProducer}'s output. Pure logic: the callers
 * read the acknowledgements and the sink.
 *
 * <ul>
 *   <li><b>missing</b>: acknowledged, absent from the sink. Never acceptable: an acknowledged record
 *       is a promise.</li>
 *   <li><b>duplicated</b>: found more often than acknowledged (more than once if never acknowledged).
 *       Unacceptable where the sink promises exactly once (an idempotent producer's topic, the
 *       Postgres table).</li>
 *   <li><b>unexpected</b>: present but never acknowledged. Allowed: a send whose acknowledgement was
 *       lost (timeout, crash) may still have been written; it was never reported as sent.</li>
 *   <li><b>out of order</b>: for one key, a record read after a record of the same key that was sent
 *       later. Only meaningful for a sink with an order (a topic partition), so pass the found ids in
 *       sink order.</li>
 * </ul>
 */
public final class DeliveryComparison {

    /**
     * One acknowledged send.
     *
     * @param id        unique per record (the order id)
     * @param key       the ordering key (the user id): order is promised per key only
     * @param sendOrder the record's place in the producer's send sequence (a counter or the send timestamp)
     */
    public record Acknowledged(String id, String key, long sendOrder) {
    }

    /** Ids are listed in acknowledgement order (missing) or sink order (the others). */
    public record Result(int acknowledged, int found, List<String> missing, List<String> duplicated,
                         List<String> unexpected, List<String> outOfOrder) {
        public Result {
            missing = List.copyOf(missing);
            duplicated = List.copyOf(duplicated);
            unexpected = List.copyOf(unexpected);
            outOfOrder = List.copyOf(outOfOrder);
        }

        /** Nothing lost and nothing doubled: what an exactly-once sink must show. */
        public boolean exactlyOnce() {
            return missing.isEmpty() && duplicated.isEmpty();
        }

        public String summary() {
            return "acknowledged=" + acknowledged + " found=" + found + " missing=" + missing.size()
                    + " duplicated=" + duplicated.size() + " unexpected=" + unexpected.size()
                    + " outOfOrder=" + outOfOrder.size();
        }
    }

    private DeliveryComparison() {
    }

    /**
     * @param acknowledged     every acknowledged send (an id acknowledged twice was sent twice on purpose)
     * @param foundInSinkOrder the ids the sink holds, one per copy, in the sink's order
     */
    public static Result compare(Collection<Acknowledged> acknowledged, List<String> foundInSinkOrder) {
        Map<String, Acknowledged> firstAck = new LinkedHashMap<>();
        Map<String, Integer> ackCopies = new HashMap<>();
        for (Acknowledged ack : acknowledged) {
            firstAck.putIfAbsent(ack.id(), ack);
            ackCopies.merge(ack.id(), 1, Integer::sum);
        }

        Map<String, Integer> foundCopies = new LinkedHashMap<>();
        Map<String, Long> latestSentPerKey = new HashMap<>();
        List<String> unexpected = new ArrayList<>();
        List<String> outOfOrder = new ArrayList<>();
        for (String id : foundInSinkOrder) {
            if (foundCopies.merge(id, 1, Integer::sum) > 1) {
                continue; // a later copy is a duplicate, counted below, not an ordering fault
            }
            Acknowledged ack = firstAck.get(id);
            if (ack == null) {
                unexpected.add(id);
                continue;
            }
            Long latest = latestSentPerKey.get(ack.key());
            if (latest != null && ack.sendOrder() < latest) {
                outOfOrder.add(id);
            } else {
                latestSentPerKey.put(ack.key(), ack.sendOrder());
            }
        }

        List<String> missing = firstAck.keySet().stream().filter(id -> !foundCopies.containsKey(id)).toList();
        List<String> duplicated = foundCopies.entrySet().stream()
                .filter(e -> e.getValue() > Math.max(1, ackCopies.getOrDefault(e.getKey(), 0)))
                .map(Map.Entry::getKey)
                .toList();
        return new Result(acknowledged.size(), foundInSinkOrder.size(), missing, duplicated, unexpected, outOfOrder);
    }
}

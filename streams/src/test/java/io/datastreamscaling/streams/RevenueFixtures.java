package io.datastreamscaling.streams;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.datastreamscaling.local.broker.testing.TestKafka;
import io.datastreamscaling.shared.kafka.Topics;
import io.datastreamscaling.shared.order.Order;
import io.datastreamscaling.streams.topology.OrderTopology;
import io.datastreamscaling.streams.topology.RevenueWindow;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * Orders spread over one-minute windows and the revenue they must produce, computed from the orders alone:
 * the fixtures of the tests that restart or kill the Streams app and then count its windows.
 */
final class RevenueFixtures {
    /**
     * Event time of the first window: recent, not a fixed date. Output records carry their window's
     * event time as timestamp, and time-based retention (7 days by default) deletes records older than
     * that; the broker's first retention check, 30 s after start, used to delete the windows a first
     * instance had written, which then looked lost.
     */
    static final Instant RECENT_MINUTE_0 = Instant.now().truncatedTo(ChronoUnit.HOURS).minus(2, ChronoUnit.HOURS);

    private RevenueFixtures() {
    }

    static void send(String input, List<Order> orders, List<Order> sent) {
        TestCluster.produce(input, orders);
        sent.addAll(orders);
    }

    /** Twelve orders a minute for {@code windows} minutes from {@code minute0}, 5 s apart with jitter. */
    static List<Order> ordersAcrossWindows(List<String> users, Random random, Instant minute0, int windows) {
        List<Order> orders = new ArrayList<>();
        for (int window = 0; window < windows; window++) {
            for (int i = 0; i < 12; i++) {
                String user = users.get(random.nextInt(users.size()));
                Instant at = minute0.plus(window, ChronoUnit.MINUTES).plusMillis(i * 5_000L + random.nextInt(5_000));
                String amount = BigDecimal.valueOf(1 + random.nextInt(200_000), 2).toPlainString();
                orders.add(order(user, amount, at));
            }
        }
        return orders;
    }

    /** The expected result, computed from the orders alone: sum and count per user and minute. */
    static Map<String, RevenueWindow> totalsByUserAndWindow(List<Order> orders) {
        Map<String, RevenueWindow> totals = new TreeMap<>();
        for (Order order : orders) {
            Instant start = order.createdAt().truncatedTo(ChronoUnit.MINUTES);
            RevenueWindow one = new RevenueWindow(order.userId(), start, start.plusSeconds(60), order.amount(), 1);
            totals.merge(id(one), one, (a, b) -> new RevenueWindow(a.userId(), a.start(), a.end(),
                    a.revenue().add(b.revenue()), a.orders() + b.orders()));
        }
        return totals;
    }

    /**
     * Reads {@code revenue.per-user.1m} until every window of the orders {@code sent} is out and asserts
     * that each window appeared exactly once, with the total computed from those orders. Stream time
     * moves per partition: while waiting, a later order per user (at {@code laterOrdersAt}) keeps it
     * moving, as live traffic would; their own window never closes, so never shows.
     *
     * @return the expected windows, by {@link #id}
     */
    static Map<String, RevenueWindow> assertEachWindowEmittedOnceWithItsTotal(String input, List<String> users,
                                                                            List<Order> sent, Instant laterOrdersAt) {
        Map<String, RevenueWindow> expected = totalsByUserAndWindow(sent);
        Runnable laterOrders = () -> TestCluster.produce(input, users.stream().map(u -> order(u, "0.01", laterOrdersAt)).toList());

        List<RevenueWindow> emitted = readRevenueWindows(Set.copyOf(users), expected.size(), laterOrders);

        Map<String, Long> timesEmitted = emitted.stream()
                .collect(Collectors.groupingBy(RevenueFixtures::id, TreeMap::new, Collectors.counting()));
        assertEquals(expected.keySet().stream().collect(Collectors.toMap(k -> k, k -> 1L, (a, b) -> a, TreeMap::new)),
                timesEmitted, "every window of every user exactly once");
        assertEquals(expected, emitted.stream().collect(Collectors.toMap(RevenueFixtures::id, w -> w, (a, b) -> a, TreeMap::new)),
                "window totals equal the totals of the orders sent");
        return expected;
    }

    static List<RevenueWindow> readRevenueWindows(Set<String> users, int expectedWindows, Runnable whileWaiting) {
        List<ConsumerRecord<byte[], byte[]>> records = TestCluster.readCommitted(Topics.REVENUE_PER_USER_1M, TestKafka.timeout(),
                read -> decodeFor(users, read).size() >= expectedWindows, whileWaiting);
        return decodeFor(users, records);
    }

    static List<RevenueWindow> decodeFor(Set<String> users, List<ConsumerRecord<byte[], byte[]>> records) {
        return records.stream()
                .map(r -> OrderTopology.REVENUE_WINDOW_SERDE.deserializer().deserialize(r.topic(), r.value()))
                .filter(w -> users.contains(w.userId()))
                .toList();
    }

    static String id(RevenueWindow window) {
        return window.userId() + "@" + window.start();
    }

    static Order order(String userId, String amount, Instant createdAt) {
        return new Order(UUID.randomUUID(), userId, new BigDecimal(amount), "EUR", createdAt);
    }
}

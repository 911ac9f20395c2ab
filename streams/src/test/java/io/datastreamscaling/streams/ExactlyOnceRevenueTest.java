package io.datastreamscaling.streams;

import static io.datastreamscaling.streams.RevenueFixtures.assertEachWindowEmittedOnceWithItsTotal;
import static io.datastreamscaling.streams.RevenueFixtures.decodeFor;
import static io.datastreamscaling.streams.RevenueFixtures.id;
import static io.datastreamscaling.streams.RevenueFixtures.order;
import static io.datastreamscaling.streams.RevenueFixtures.ordersAcrossWindows;
import static io.datastreamscaling.streams.RevenueFixtures.send;

import com.fasterxml.jackson.databind.JsonNode;
import io.datastreamscaling.local.broker.testing.Await;
import io.datastreamscaling.local.broker.testing.TestKafka;
import io.datastreamscaling.shared.kafka.Topics;
import io.datastreamscaling.shared.order.Order;
import io.datastreamscaling.streams.topology.AmountTier;
import io.datastreamscaling.streams.topology.RevenueWindow;
import java.math.BigDecimal;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Exactly-once across a crash, on the real broker: the streams service runs in its own JVM, is halted
 * with SIGKILL in the middle of a window, after some windows were committed and while a transaction
 * holds orders it has processed but not committed, and is restarted on the same state directory.
 * The final revenue windows and the tier counts must equal the totals computed here from the orders
 * sent: every window exactly once, every order counted once.
 *
 * <p>With {@code processing.guarantee=at_least_once} this test fails: the orders processed after the
 * last offset commit are processed again after the restart, on top of the state the changelog had
 * already recorded for them, and their windows are double-counted.
 */
@Tag("fault")
class ExactlyOnceRevenueTest {
    private static final Instant MINUTE_0 = RevenueFixtures.RECENT_MINUTE_0;
    private static final int USERS = 4;
    private static final int WINDOWS = 5;
    private static final Duration TIMEOUT = TestKafka.timeout();
    private static final String PROCESSED = "orders_consumed_total{";
    /**
     * Five minutes of grace: orders of several input partitions meet out of order on a tier's
     * repartition partition, by up to a burst's span (minutes of event time here); with less grace
     * some would be left out of the tier counts as late, with or without a crash.
     */
    private static final Duration GRACE = Duration.ofMinutes(5);

    @TempDir
    Path work;

    @Test
    void haltedMidWindowAndRestartedTheAppCountsEveryOrderOnceInRevenueAndTierCounts() {
        String input = TestKafka.uniqueName("orders");
        TestKafka.createTopic(input, 3);
        List<String> users = IntStream.range(0, USERS).mapToObj(i -> TestKafka.uniqueName("user" + i)).toList();
        List<Order> orders = ordersAcrossWindows(users, new Random(42), MINUTE_0, WINDOWS);
        Instant window3 = MINUTE_0.plus(3, ChronoUnit.MINUTES);
        Instant cut = window3.plusSeconds(30);
        Map<String, String> env = TestCluster.variables(TestKafka.uniqueName("streams-halt"), input, work.resolve("state"));
        // A transaction stays open for seconds, so the halt lands inside one: its outputs and state
        // changes are on the broker, uncommitted (and, under at-least-once, its offsets are not).
        env.put("KAFKA_STREAMS_COMMIT_INTERVAL_MS", "5000");
        env.put(StreamsSettings.WINDOW_GRACE_MS, Long.toString(GRACE.toMillis()));
        // closes windows 0-2 (end + grace), leaves 3 and 4 open, and keeps every tier window from
        // minute -1 on in the store (retention: size + grace)
        Instant nudge = MINUTE_0.plus(3, ChronoUnit.MINUTES).plus(GRACE);
        Path log = work.resolve("streams.log");
        List<Order> sent = new ArrayList<>();

        try (StreamsProcess first = StreamsProcess.start(env, log)) {
            send(input, orders.stream().filter(o -> o.createdAt().isBefore(window3)).toList(), sent);
            // Closed windows are emitted when a newer record arrives: once caught up, send a small
            // later order per user until windows 0-2 are out and committed.
            Await.until(TIMEOUT, () -> {
                if (!first.isAlive()) {
                    throw new AssertionError("the streams JVM exited; see " + log);
                }
                boolean caughtUp = first.metric(PROCESSED) >= sent.size();
                if (caughtUp && first.metric("streams_windows_emitted_total") == 0) {
                    send(input, users.stream().map(u -> order(u, "0.01", nudge)).toList(), sent);
                    return false;
                }
                return caughtUp && !committedWindows(Set.copyOf(users)).isEmpty();
            }, () -> "no committed window; processed " + first.metric(PROCESSED) + " of " + sent.size());

            // Half of window 3: processed, then the JVM is killed before the next commit.
            send(input, orders.stream().filter(o -> !o.createdAt().isBefore(window3) && o.createdAt().isBefore(cut)).toList(), sent);
            Await.until(TIMEOUT, () -> first.metric(PROCESSED) >= sent.size(),
                    () -> "window 3's orders not processed; processed " + first.metric(PROCESSED) + " of " + sent.size());
            first.halt();
        }

        try (StreamsProcess second = StreamsProcess.start(env, log)) {
            send(input, orders.stream().filter(o -> !o.createdAt().isBefore(cut)).toList(), sent);
            // Tier counts grow as orders arrive (no emit on close): check them before later orders
            // move stream time past their retention.
            Instant firstTierWindow = MINUTE_0.minus(1, ChronoUnit.MINUTES);
            Map<String, Map<Instant, Long>> expectedTiers = tierCounts(sent, firstTierWindow, MINUTE_0.plus(WINDOWS - 1, ChronoUnit.MINUTES));
            String range = "/tiers?from=" + firstTierWindow + "&to=" + MINUTE_0.plus(WINDOWS - 1, ChronoUnit.MINUTES);
            Await.until(TIMEOUT, () -> expectedTiers.equals(tiersAnswer(second, range)),
                    () -> "tier counts: expected " + expectedTiers + " but was " + tiersAnswer(second, range));

            assertEachWindowEmittedOnceWithItsTotal(input, users, sent, MINUTE_0.plus(20, ChronoUnit.MINUTES));
        }
    }

    /**
     * Orders per tier per 5-minute window advancing every minute, for windows starting in
     * {@code [from, to]}, from the orders alone (default thresholds).
     */
    private static Map<String, Map<Instant, Long>> tierCounts(List<Order> orders, Instant from, Instant to) {
        Map<String, Map<Instant, Long>> counts = new TreeMap<>();
        for (Order order : orders) {
            AmountTier tier = order.amount().compareTo(new BigDecimal("1000.00")) >= 0 ? AmountTier.HIGH
                    : order.amount().compareTo(new BigDecimal("100.00")) >= 0 ? AmountTier.MEDIUM : AmountTier.LOW;
            Instant last = order.createdAt().truncatedTo(ChronoUnit.MINUTES);
            for (int back = 0; back < 5; back++) {
                Instant start = last.minus(back, ChronoUnit.MINUTES);
                if (!start.isBefore(from) && !start.isAfter(to)) {
                    counts.computeIfAbsent(tier.name(), t -> new TreeMap<>()).merge(start, 1L, Long::sum);
                }
            }
        }
        return counts;
    }

    private static Map<String, Map<Instant, Long>> tiersAnswer(StreamsProcess streams, String range) {
        HttpResponse<String> response = TestCluster.get(streams.httpPort(), range);
        Map<String, Map<Instant, Long>> counts = new TreeMap<>();
        if (response.statusCode() != 200) {
            return counts;
        }
        JsonNode tiers = TestCluster.json(response).path("tiers");
        tiers.fieldNames().forEachRemaining(tier -> {
            for (JsonNode window : tiers.path(tier)) {
                counts.computeIfAbsent(tier, t -> new TreeMap<>())
                        .put(Instant.parse(window.path("start").asText()), window.path("orders").asLong());
            }
        });
        return counts;
    }

    private static List<RevenueWindow> committedWindows(Set<String> users) {
        return decodeFor(users, TestCluster.readCommitted(Topics.REVENUE_PER_USER_1M, Duration.ofSeconds(1),
                read -> !decodeFor(users, read).isEmpty(), () -> { }));
    }

}

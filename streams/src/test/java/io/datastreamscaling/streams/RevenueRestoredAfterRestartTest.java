package io.datastreamscaling.streams;

import static io.datastreamscaling.streams.RevenueFixtures.assertEachWindowEmittedOnceWithItsTotal;
import static io.datastreamscaling.streams.RevenueFixtures.decodeFor;
import static io.datastreamscaling.streams.RevenueFixtures.id;
import static io.datastreamscaling.streams.RevenueFixtures.order;
import static io.datastreamscaling.streams.RevenueFixtures.ordersAcrossWindows;
import static io.datastreamscaling.streams.RevenueFixtures.send;

import io.datastreamscaling.local.broker.testing.Await;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.datastreamscaling.local.broker.testing.TestKafka;
import io.datastreamscaling.shared.kafka.DeadLetterHeaders;
import io.datastreamscaling.shared.kafka.Topics;
import io.datastreamscaling.shared.order.Order;
import io.datastreamscaling.streams.topology.RevenueWindow;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.IntStream;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * On the real broker: the final revenue windows equal the totals computed here from the orders sent,
 * each window exactly once, although the app is stopped in the middle of a window and restarted with
 * empty local state (everything restored from the changelog).
 *
 * <p>The stop is graceful (close() commits), so this proves the restore, not exactly-once: it passes
 * with at-least-once too. {@link ExactlyOnceRevenueTest} halts the JVM instead.
 */
class RevenueRestoredAfterRestartTest {
    private static final Instant MINUTE_0 = RevenueFixtures.RECENT_MINUTE_0;
    private static final int USERS = 4;
    private static final int WINDOWS = 5;
    private static final Duration TIMEOUT = TestKafka.timeout();

    @TempDir
    Path stateDirs;

    @Test
    void revenueWindowsAreExactlyTheOrderTotalsAcrossARestartWithFreshState() throws Exception {
        String input = TestKafka.uniqueName("orders");
        TestKafka.createTopic(input, 3);
        String applicationId = TestKafka.uniqueName("streams-eos");
        List<String> users = IntStream.range(0, USERS).mapToObj(i -> TestKafka.uniqueName("user" + i)).toList();
        List<Order> orders = ordersAcrossWindows(users, new Random(42), MINUTE_0, WINDOWS);
        // first part: windows 0-2 and half of window 3; the app stops in the middle of window 3
        Instant cut = MINUTE_0.plus(3, ChronoUnit.MINUTES).plusSeconds(30);
        List<Order> sent = new ArrayList<>();

        StreamsService first = StreamsService.start(TestCluster.env(applicationId, input, stateDirs.resolve("a")));
        try {
            send(input, orders.stream().filter(o -> o.createdAt().isBefore(cut)).toList(), sent);
            TestCluster.produceRaw(List.of(new ProducerRecord<>(input, users.get(0), "{oops".getBytes(StandardCharsets.UTF_8))));
            // Closed windows are emitted by a record that moves stream time past their close: once the
            // instance has caught up, send a small order (inside window 3) per user, until it has
            // emitted windows, so the restart happens after some windows are out and before others
            // are. Only when caught up: sending on every check would outrun a slow machine.
            Await.until(TIMEOUT, () -> {
                boolean caughtUp = first.processed() >= sent.size();
                if (caughtUp && first.windowsEmitted() == 0) {
                    send(input, users.stream().map(u -> order(u, "0.01", cut.minusMillis(1))).toList(), sent);
                    return false;
                }
                return caughtUp && first.windowsEmitted() > 0;
            }, () -> "first instance emitted no window; processed " + first.processed() + " of " + sent.size());
        } finally {
            first.close();
        }
        // Counted after close, not before: the instance keeps processing (and emitting windows due
        // on another partition) until close() commits its last transaction.
        long emittedBeforeRestart = first.windowsEmitted();
        try (StreamsService second = StreamsService.start(TestCluster.env(applicationId, input, stateDirs.resolve("b")))) {
            send(input, orders.stream().filter(o -> !o.createdAt().isBefore(cut)).toList(), sent);
            Map<String, RevenueWindow> expected = assertEachWindowEmittedOnceWithItsTotal(input, users, sent,
                    MINUTE_0.plus(20, ChronoUnit.MINUTES));
            assertEquals(1, deadLettersFrom(input).size(), "the poison record is dead-lettered once, restart or not");
            assertEquals(expected.size(), emittedBeforeRestart + second.windowsEmitted(),
                    "the two instances emitted each window once between them");
        }
    }

    private static List<ConsumerRecord<byte[], byte[]>> deadLettersFrom(String input) {
        List<ConsumerRecord<byte[], byte[]>> records = TestCluster.readCommitted(Topics.ORDERS_DLQ, TIMEOUT,
                read -> read.stream().anyMatch(r -> fromTopic(r, input)), () -> { });
        return records.stream().filter(r -> fromTopic(r, input)).toList();
    }

    private static boolean fromTopic(ConsumerRecord<byte[], byte[]> record, String topic) {
        Header header = record.headers().lastHeader(DeadLetterHeaders.SOURCE_TOPIC);
        return header != null && topic.equals(new String(header.value(), StandardCharsets.UTF_8));
    }

}

package io.datastreamscaling.streams;

import static io.datastreamscaling.streams.RevenueFixtures.assertEachWindowEmittedOnceWithItsTotal;
import static io.datastreamscaling.streams.RevenueFixtures.order;
import static io.datastreamscaling.streams.RevenueFixtures.send;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.datastreamscaling.local.broker.testing.Await;
import io.datastreamscaling.local.broker.testing.TestKafka;
import io.datastreamscaling.shared.kafka.DeadLetterHeaders;
import io.datastreamscaling.shared.kafka.Topics;
import io.datastreamscaling.shared.order.Order;
import io.datastreamscaling.shared.order.OrderJson;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * On the real broker: a window whose close was passed by stream time while no order reached the
 * revenue windows is still emitted, once, after a restart.
 *
 * <p>Stream time is the task's: an order the gate dead-letters (here one keyed by another user)
 * still has its {@code createdAt} as event time, and that moves stream time too. When it moves past a window's close
 * and the instance then stops (committing that stream time with its offsets), no order has yet
 * written the window's result. The restarted instance must not take "closed by the committed stream
 * time" for "emitted": it reads where emitting had got to from the store
 * {@code revenue-per-user-1m-first-open} and emits the window with the next order.
 */
class WindowClosedAcrossARestartTest {
    private static final Instant MINUTE_0 = RevenueFixtures.RECENT_MINUTE_0;
    private static final Duration TIMEOUT = TestKafka.timeout();

    @TempDir
    Path stateDirs;

    @Test
    void aWindowClosedByADeadLetteredRecordIsEmittedOnceAfterARestart() throws Exception {
        String input = TestKafka.uniqueName("orders-closed");
        TestKafka.createTopic(input, 1);
        String applicationId = TestKafka.uniqueName("streams-closed");
        String user = TestKafka.uniqueName("user");
        List<Order> sent = new ArrayList<>();

        try (StreamsService first = StreamsService.start(TestCluster.env(applicationId, input, stateDirs.resolve("a")))) {
            send(input, List.of(order(user, "12.34", MINUTE_0.plusSeconds(10))), sent);
            // keyed by the user but another user's order: the gate dead-letters it, and its createdAt,
            // five minutes on, has already moved stream time past window 0's close
            Order misKeyed = order(TestKafka.uniqueName("other"), "1.00", MINUTE_0.plus(5, ChronoUnit.MINUTES));
            TestCluster.produceRaw(List.of(new ProducerRecord<>(input, user, OrderJson.encode(misKeyed))));
            assertEquals(1, deadLettersFrom(input).size(), "the record that moved stream time is dead-lettered");
            Await.until(TIMEOUT, () -> first.processed() >= 1, () -> "the first order was not processed");
            assertEquals(0, first.windowsEmitted(), "no order came after the close: nothing emitted yet");
        }

        try (StreamsService second = StreamsService.start(TestCluster.env(applicationId, input, stateDirs.resolve("b")))) {
            send(input, List.of(order(user, "5.00", MINUTE_0.plus(5, ChronoUnit.MINUTES).plusSeconds(30))), sent);
            assertEachWindowEmittedOnceWithItsTotal(input, List.of(user), sent, MINUTE_0.plus(20, ChronoUnit.MINUTES));
            assertEquals(2, second.windowsEmitted(), "window 0 (closed before the restart) and window 5, by the restarted instance");
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

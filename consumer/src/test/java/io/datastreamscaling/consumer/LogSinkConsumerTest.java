package io.datastreamscaling.consumer;

import static io.datastreamscaling.local.broker.testing.Await.until;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.datastreamscaling.consumer.sink.log.LogSink;
import io.datastreamscaling.consumer.testing.GroupOffsets;
import io.datastreamscaling.consumer.testing.TestOrders;
import io.datastreamscaling.local.broker.testing.TestKafka;
import io.datastreamscaling.shared.order.Order;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** The poll loop with the log sink: at-least-once, offsets committed exactly for what was processed. */
class LogSinkConsumerTest {
    private static final Duration TIMEOUT = Duration.ofSeconds(60);

    private final String topic = TestKafka.uniqueName("orders");
    private final String group = TestKafka.uniqueName("group");

    @Test
    void consumesEveryOrderAndCommitsUpToTheLogEnd() throws Exception {
        TestKafka.createTopic(topic, 3);
        try (TestOrders orders = new TestOrders(topic)) {
            orders.send(10_000);
        }

        try (ConsumerService consumer = ConsumerService.start(ConsumerTestEnv.of(topic, group, Map.of()))) {
            until(TIMEOUT, () -> consumer.consumed() == 10_000, () -> "consumed " + consumer.consumed() + " of 10000");
            Map<Integer, Long> ends = GroupOffsets.endOffsets(topic);
            until(TIMEOUT, () -> GroupOffsets.committed(group, topic).equals(ends),
                    () -> "committed " + GroupOffsets.committed(group, topic) + ", log end " + ends);
            until(TIMEOUT, () -> consumer.totalLag() == 0, () -> "lag " + consumer.totalLag());

            assertEquals(200, get(consumer.httpPort(), "/health/ready").statusCode(), "ready once partitions are assigned");
            String metrics = get(consumer.httpPort(), "/metrics").body();
            assertTrue(metrics.contains("orders_consumed_total{outcome=\"processed\",service=\"consumer\"} 10000.0"), metrics);
            assertTrue(metrics.contains("order_end_to_end_latency_seconds_bucket"), "latency histogram published");
            assertTrue(metrics.contains("consumer_lag_records{partition=\"0\""), "lag gauge per partition");
        }
    }

    @Test
    void onStopCommitsExactlyWhatWasProcessed() throws Exception {
        TestKafka.createTopic(topic, 3);
        try (TestOrders orders = new TestOrders(topic)) {
            orders.send(5_000);
        }
        RecordingSink sink = new RecordingSink(new LogSink());
        ConsumerService consumer = startAndStopAfter(1_000, sink);

        assertTrue(consumer.consumed() >= 1_000 && consumer.consumed() < 5_000, "stopped part-way: " + consumer.consumed());
        assertEquals(consumer.consumed(), GroupOffsets.sum(GroupOffsets.committed(group, topic)),
                "committed offsets add up to the orders processed");
    }

    @Test
    void restartedConsumerNeitherSkipsNorRepeatsCommittedRecords() throws Exception {
        TestKafka.createTopic(topic, 3);
        Set<UUID> produced;
        try (TestOrders orders = new TestOrders(topic)) {
            produced = orders.send(5_000).stream().map(Order::orderId).collect(Collectors.toSet());
        }
        RecordingSink first = new RecordingSink(new LogSink());
        startAndStopAfter(1_000, first);

        RecordingSink second = new RecordingSink(new LogSink());
        try (ConsumerService restarted = startWithSmallBatches(second)) {
            until(TIMEOUT, () -> first.writtenCount() + restarted.consumed() >= 5_000,
                    () -> "written " + first.writtenCount() + " then " + restarted.consumed());
        }

        List<UUID> before = first.written();
        List<UUID> after = second.written();
        Set<UUID> overlap = new HashSet<>(before);
        overlap.retainAll(after);
        assertEquals(Set.of(), overlap, "the restarted consumer re-read committed records");
        assertEquals(5_000, before.size() + after.size(), "each order processed once across the restart");
        assertEquals(produced, union(before, after), "no order skipped");
    }

    /** Starts a consumer and stops it while it is in the middle of the topic: its batch after {@code written} orders finishes, then it closes. */
    private ConsumerService startAndStopAfter(int written, RecordingSink sink) throws Exception {
        ConsumerService consumer = startWithSmallBatches(sink.holdOnceWritten(written));
        until(TIMEOUT, sink::isHolding, () -> "a batch held after " + sink.writtenCount() + " written");
        CompletableFuture<Void> closing = CompletableFuture.runAsync(consumer::close);
        until(TIMEOUT, consumer::closeRequested, () -> "close requested");
        sink.letGo();
        closing.get();
        return consumer;
    }

    private ConsumerService startWithSmallBatches(RecordingSink sink) throws Exception {
        return ConsumerService.start(ConsumerTestEnv.of(topic, group, Map.of("KAFKA_CONSUMER_MAX_POLL_RECORDS", "100")), s -> sink);
    }

    private static Set<UUID> union(List<UUID> a, List<UUID> b) {
        Set<UUID> all = new HashSet<>(a);
        all.addAll(b);
        return all;
    }

    static HttpResponse<String> get(int port, String path) throws Exception {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + path)).build(),
                HttpResponse.BodyHandlers.ofString());
    }
}

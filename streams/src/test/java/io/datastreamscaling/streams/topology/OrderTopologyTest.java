package io.datastreamscaling.streams.topology;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.datastreamscaling.shared.config.Env;
import io.datastreamscaling.shared.kafka.DeadLetterHeaders;
import io.datastreamscaling.shared.kafka.Topics;
import io.datastreamscaling.shared.metrics.MeterNames;
import io.datastreamscaling.shared.order.Order;
import io.datastreamscaling.shared.order.OrderJson;
import io.datastreamscaling.streams.StreamsMeters;
import io.datastreamscaling.streams.StreamsSettings;
import io.datastreamscaling.streams.StreamsTestSupport;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.record.TimestampType;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.state.WindowStore;
import org.apache.kafka.streams.state.WindowStoreIterator;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The topology's behaviours, one per test, driven by {@link TopologyTestDriver} (no broker). */
class OrderTopologyTest {
    private static final Instant MINUTE_0 = Instant.parse("2024-05-01T12:00:00Z");
    private static final long GRACE_MS = 10_000;
    private static final String APPLICATION_ID = "topology-test";

    @TempDir
    Path stateDir;

    private SimpleMeterRegistry registry;
    private StreamsMeters meters;
    private TopologyTestDriver driver;
    private TestInputTopic<String, byte[]> orders;
    private TestOutputTopic<String, EnrichedOrder> enriched;
    private TestOutputTopic<String, EnrichedOrder> highValue;
    private TestOutputTopic<String, RevenueWindow> revenue;
    private TestOutputTopic<byte[], byte[]> deadLetters;
    private final Map<String, List<RevenueWindow>> emitted = new HashMap<>();

    @BeforeEach
    void startDriver() {
        registry = new SimpleMeterRegistry();
        meters = new StreamsMeters(registry);
        StreamsSettings settings = StreamsSettings.from(Env.of(Map.of(
                StreamsSettings.TIER_MEDIUM_FROM, "100.00",
                StreamsSettings.TIER_HIGH_FROM, "1000.00",
                StreamsSettings.HIGH_VALUE_FROM, "500.00",
                StreamsSettings.WINDOW_GRACE_MS, Long.toString(GRACE_MS),
                StreamsSettings.APPLICATION_ID, APPLICATION_ID,
                StreamsSettings.STATE_DIR, stateDir.toString())));
        driver = new TopologyTestDriver(OrderTopology.build(settings.topology(), meters, RefusedInputs.NONE),
                StreamsTestSupport.driverProperties(settings, meters));
        orders = driver.createInputTopic(Topics.ORDERS, new StringSerializer(), new ByteArraySerializer());
        enriched = driver.createOutputTopic(Topics.ORDERS_ENRICHED, OrderTopology.KEY_SERDE.deserializer(),
                OrderTopology.ENRICHED_SERDE.deserializer());
        highValue = driver.createOutputTopic(Topics.ORDERS_HIGH_VALUE, OrderTopology.KEY_SERDE.deserializer(),
                OrderTopology.ENRICHED_SERDE.deserializer());
        revenue = driver.createOutputTopic(Topics.REVENUE_PER_USER_1M, OrderTopology.KEY_SERDE.deserializer(),
                OrderTopology.REVENUE_WINDOW_SERDE.deserializer());
        deadLetters = driver.createOutputTopic(Topics.ORDERS_DLQ, new ByteArrayDeserializer(), new ByteArrayDeserializer());
    }

    @AfterEach
    void closeDriver() {
        driver.close();
    }

    @Test
    void enrichedOrdersCarryTheTierOfTheirAmount() {
        send(order("alice", "99.99", MINUTE_0));
        send(order("alice", "100.00", MINUTE_0));
        send(order("alice", "1000.00", MINUTE_0));

        List<AmountTier> tiers = enriched.readValuesToList().stream().map(EnrichedOrder::tier).toList();

        assertEquals(List.of(AmountTier.LOW, AmountTier.MEDIUM, AmountTier.HIGH), tiers);
    }

    @Test
    void onlyOrdersAtOrAboveTheHighValueThresholdAreBranchedToHighValue() {
        send(order("alice", "499.99", MINUTE_0));
        Order atThreshold = order("alice", "500.00", MINUTE_0);
        send(atThreshold);

        List<EnrichedOrder> branched = highValue.readValuesToList();

        assertEquals(List.of(atThreshold.orderId()), branched.stream().map(EnrichedOrder::orderId).toList());
        assertEquals(2, enriched.getQueueSize(), "every valid order is still enriched");
    }

    @Test
    void anOrderAtTheLastMillisecondOfAMinuteBelongsToThatMinutesWindow() {
        send(order("alice", "1.00", MINUTE_0.plusMillis(59_999)));
        send(order("alice", "2.00", MINUTE_0.plusSeconds(60)));

        closeWindowsBefore(MINUTE_0.plusSeconds(120));

        List<RevenueWindow> windows = windowsOf("alice");
        assertEquals(2, windows.size(), "two windows: " + windows);
        assertEquals(new RevenueWindow("alice", MINUTE_0, MINUTE_0.plusSeconds(60), new BigDecimal("1.00"), 1), windows.get(0));
        assertEquals(new RevenueWindow("alice", MINUTE_0.plusSeconds(60), MINUTE_0.plusSeconds(120), new BigDecimal("2.00"), 1),
                windows.get(1));
    }

    @Test
    void anOrderWithinTheGracePeriodStillCountsInItsWindow() {
        send(order("alice", "1.00", MINUTE_0));
        send(order("bob", "5.00", MINUTE_0.plusSeconds(60).plusMillis(GRACE_MS - 1)));
        send(order("alice", "2.00", MINUTE_0.plusSeconds(59)));

        closeWindowsBefore(MINUTE_0.plusSeconds(60));

        assertEquals(List.of(new RevenueWindow("alice", MINUTE_0, MINUTE_0.plusSeconds(60), new BigDecimal("3.00"), 2)),
                windowsOf("alice"));
        assertEquals(0.0, meters.lateRecords().count());
    }

    @Test
    void anOrderAfterTheGracePeriodIsCountedAsLateAndLeftOutOfItsWindow() {
        send(order("alice", "1.00", MINUTE_0));
        send(order("bob", "5.00", MINUTE_0.plusSeconds(60).plusMillis(GRACE_MS)));
        Order late = order("alice", "2.00", MINUTE_0.plusSeconds(59));
        send(late);

        closeWindowsBefore(MINUTE_0.plusSeconds(60));

        assertEquals(List.of(new RevenueWindow("alice", MINUTE_0, MINUTE_0.plusSeconds(60), new BigDecimal("1.00"), 1)),
                windowsOf("alice"));
        assertEquals(1.0, meters.lateRecords().count(), "the late order is counted");
        assertTrue(enriched.readValuesToList().stream().anyMatch(o -> o.orderId().equals(late.orderId())),
                "the late order is still enriched, only left out of the window");
    }

    @Test
    void eachWindowIsEmittedExactlyOnceWithItsFinalTotalWhenItCloses() {
        send(order("alice", "1.10", MINUTE_0));
        send(order("alice", "2.20", MINUTE_0.plusSeconds(30)));
        send(order("alice", "3.30", MINUTE_0.plusSeconds(59)));
        send(order("bob", "1.00", MINUTE_0.plusSeconds(60).plusMillis(GRACE_MS - 1)));
        assertTrue(windowsOf("alice").isEmpty(), "nothing is emitted before the window closes");

        closeWindowsBefore(MINUTE_0.plusSeconds(60));
        closeWindowsBefore(MINUTE_0.plusSeconds(180));

        assertEquals(List.of(new RevenueWindow("alice", MINUTE_0, MINUTE_0.plusSeconds(60), new BigDecimal("6.60"), 3)),
                windowsOf("alice"));
        assertEquals(windowsEmittedInTotal(), (int) meters.windowsEmitted().count(), "the counter counts each window once");
    }

    @Test
    void anUndecodableRecordIsDeadLetteredWithItsBytesAndErrorHeadersAndProcessingGoesOn() {
        byte[] garbage = "{not json".getBytes(StandardCharsets.UTF_8);
        orders.pipeInput(new TestRecord<>("alice", garbage, MINUTE_0));
        send(order("alice", "1.00", MINUTE_0));

        TestRecord<byte[], byte[]> dead = deadLetters.readRecord();

        assertArrayEquals(garbage, dead.value());
        assertEquals("alice", new String(dead.key(), StandardCharsets.UTF_8));
        assertEquals(Topics.ORDERS, header(dead.headers(), DeadLetterHeaders.SOURCE_TOPIC));
        assertEquals("0", header(dead.headers(), DeadLetterHeaders.SOURCE_PARTITION));
        assertEquals("0", header(dead.headers(), DeadLetterHeaders.SOURCE_OFFSET));
        assertEquals(Long.toString(MINUTE_0.toEpochMilli()), header(dead.headers(), DeadLetterHeaders.SOURCE_TIMESTAMP));
        assertEquals("io.datastreamscaling.shared.order.OrderDecodingException", header(dead.headers(), DeadLetterHeaders.ERROR_CLASS));
        assertTrue(header(dead.headers(), DeadLetterHeaders.ERROR_MESSAGE).startsWith("malformed JSON"));
        assertEquals(APPLICATION_ID, header(dead.headers(), DeadLetterHeaders.CONSUMER_GROUP));
        assertEquals(1.0, registry.counter(MeterNames.DLQ_RECORDS, "reason", "undecodable").count());
        assertEquals(1, enriched.getQueueSize(), "the next order is processed");
    }

    @Test
    void anOrderBreakingTheSchemaIsDeadLetteredAsInvalid() {
        byte[] negative = ("{\"orderId\":\"" + UUID.randomUUID() + "\",\"userId\":\"alice\",\"amount\":-5,"
                + "\"currency\":\"EUR\",\"createdAt\":\"" + MINUTE_0 + "\"}").getBytes(StandardCharsets.UTF_8);
        orders.pipeInput(new TestRecord<>("alice", negative, MINUTE_0));

        TestRecord<byte[], byte[]> dead = deadLetters.readRecord();

        assertArrayEquals(negative, dead.value());
        assertEquals("io.datastreamscaling.shared.order.InvalidOrderException", header(dead.headers(), DeadLetterHeaders.ERROR_CLASS));
        assertTrue(header(dead.headers(), DeadLetterHeaders.ERROR_MESSAGE).startsWith("amount"));
        assertEquals(1.0, registry.counter(MeterNames.DLQ_RECORDS, "reason", "invalid").count());
        assertTrue(enriched.isEmpty());
    }

    @Test
    void anOrderKeyedByAnotherUserIsDeadLetteredByTheProcessingHandler() {
        Order bobs = order("bob", "1.00", MINUTE_0);
        byte[] bytes = OrderJson.encode(bobs);
        orders.pipeInput(new TestRecord<>("alice", bytes, MINUTE_0));
        send(order("alice", "2.00", MINUTE_0));

        TestRecord<byte[], byte[]> dead = deadLetters.readRecord();

        assertArrayEquals(bytes, dead.value(), "the original bytes, not a re-encoding");
        assertEquals("io.datastreamscaling.shared.order.InvalidOrderException", header(dead.headers(), DeadLetterHeaders.ERROR_CLASS));
        assertTrue(header(dead.headers(), DeadLetterHeaders.ERROR_MESSAGE).startsWith("key 'alice' is not the order's userId"));
        assertEquals(Topics.ORDERS, header(dead.headers(), DeadLetterHeaders.SOURCE_TOPIC));
        assertEquals(1.0, registry.counter(MeterNames.DLQ_RECORDS, "reason", "invalid").count());
        assertEquals(1, enriched.getQueueSize(), "the next order is processed");
    }

    @Test
    void ordersWhoseCreatedAtCannotBeAnEventTimeAreDeadLetteredAndTheNextOrderIsProcessed() {
        List<String> unusable = List.of("9999-12-31T23:59:59Z", "+1000000000-12-31T23:59:59.999999999Z",
                "-1000000000-01-01T00:00:00Z", "1969-12-31T23:59:59.999Z", Instant.now().plusSeconds(3_600).toString());
        for (String createdAt : unusable) {
            byte[] bytes = ("{\"orderId\":\"" + UUID.randomUUID() + "\",\"userId\":\"alice\",\"amount\":1.00,"
                    + "\"currency\":\"EUR\",\"createdAt\":\"" + createdAt + "\"}").getBytes(StandardCharsets.UTF_8);
            orders.pipeInput(new TestRecord<>("alice", bytes, MINUTE_0));
        }
        send(order("alice", "2.00", MINUTE_0));

        List<TestRecord<byte[], byte[]>> dead = deadLetters.readRecordsToList();

        assertEquals(unusable.size(), dead.size(), "each unusable createdAt dead-lettered once");
        for (TestRecord<byte[], byte[]> record : dead) {
            assertTrue(header(record.headers(), DeadLetterHeaders.ERROR_MESSAGE).startsWith("createdAt")
                    || header(record.headers(), DeadLetterHeaders.ERROR_CLASS).endsWith("OrderDecodingException"),
                    "refused for its createdAt: " + header(record.headers(), DeadLetterHeaders.ERROR_MESSAGE));
        }
        assertEquals(List.of(new BigDecimal("2.00")), enriched.readValuesToList().stream().map(EnrichedOrder::amount).toList(),
                "only the usable order is enriched");
    }

    @Test
    void tierCountsHoldEveryOrderInTheFiveWindowsOfItsMinuteOnceTheCountsArePassedOn() {
        // 12.50 and 7.25 are LOW (below 100.00), 100.00 is MEDIUM; minutes 0 and 1
        send(order("alice", "12.50", MINUTE_0.plusSeconds(10)));
        send(order("bob", "7.25", MINUTE_0.plusMillis(59_999)));
        send(order("alice", "100.00", MINUTE_0.plusSeconds(60)));
        driver.advanceWallClockTime(OrderTopology.TIER_COUNT_INTERVAL);
        send(order("carol", "50.00", MINUTE_0.plusSeconds(30)));

        driver.advanceWallClockTime(OrderTopology.TIER_COUNT_INTERVAL);

        assertEquals(countPerWindow(-4, 0, 3), tierCounts("LOW"), "three LOW orders in minute 0, counted over two passes");
        assertEquals(countPerWindow(-3, 1, 1), tierCounts("MEDIUM"), "one MEDIUM order in minute 1");
        assertEquals(Map.of(), tierCounts("HIGH"));
    }

    @Test
    void anEnrichedOrderNamesItsInputRecordInTheLineageHeader() {
        send(order("alice", "1.00", MINUTE_0));

        TestRecord<String, EnrichedOrder> out = enriched.readRecord();

        assertEquals(new SourceLineage(Topics.ORDERS, 0, 0), SourceLineage.of(out.headers()).orElseThrow());
    }

    @Test
    void theTimestampExtractorNeverThrowsAndFallsBackToTheBrokerTimestamp() {
        EventTimeRule rule = new EventTimeRule(Duration.ofMinutes(1));
        OrderTimestampExtractor extractor = new OrderTimestampExtractor(rule);
        for (Instant createdAt : List.of(Instant.MAX, Instant.MIN, Instant.parse("9999-12-31T23:59:59Z"), Instant.EPOCH.minusMillis(1))) {
            ConsumerRecord<Object, Object> record = new ConsumerRecord<>(
                    Topics.ORDERS, 0, 0, 1_234L, TimestampType.CREATE_TIME, 0, 0, "alice",
                    order("alice", "1.00", createdAt), new RecordHeaders(),
                    Optional.empty());
            assertEquals(1_234L, extractor.extract(record, -1), "broker timestamp for " + createdAt);
        }
        assertEquals(EventTimeRule.UNREPRESENTABLE, EventTimeRule.epochMillis(Instant.MAX));
        assertEquals(MINUTE_0.toEpochMilli(), EventTimeRule.epochMillis(MINUTE_0));
    }

    private void send(Order order) {
        orders.pipeInput(new TestRecord<>(order.userId(), OrderJson.encode(order), order.createdAt()));
    }

    /** Moves stream time far enough that every window ending at or before {@code end} has closed. */
    private void closeWindowsBefore(Instant end) {
        send(order("clock", "0.01", end.plusMillis(GRACE_MS)));
    }

    /** Every revenue window emitted so far for the user, oldest first. */
    private List<RevenueWindow> windowsOf(String userId) {
        for (RevenueWindow window : revenue.readValuesToList()) {
            emitted.computeIfAbsent(window.userId(), u -> new ArrayList<>()).add(window);
        }
        return emitted.getOrDefault(userId, List.of());
    }

    private int windowsEmittedInTotal() {
        windowsOf("");
        return emitted.values().stream().mapToInt(List::size).sum();
    }

    /** The tier's count per window start, from the tier store. */
    private Map<Instant, Long> tierCounts(String tier) {
        WindowStore<String, Long> store = driver.getWindowStore(OrderTopology.TIER_COUNT_STORE);
        Map<Instant, Long> counts = new TreeMap<>();
        try (WindowStoreIterator<Long> windows = store.fetch(tier, MINUTE_0.minus(Duration.ofHours(1)), MINUTE_0.plus(Duration.ofHours(1)))) {
            windows.forEachRemaining(window -> counts.put(Instant.ofEpochMilli(window.key), window.value));
        }
        return counts;
    }

    /** {@code count} in each window starting {@code fromMinute} to {@code toMinute} minutes after MINUTE_0. */
    private static Map<Instant, Long> countPerWindow(int fromMinute, int toMinute, long count) {
        Map<Instant, Long> counts = new TreeMap<>();
        for (int minute = fromMinute; minute <= toMinute; minute++) {
            counts.put(MINUTE_0.plus(Duration.ofMinutes(minute)), count);
        }
        return counts;
    }

    private static Order order(String userId, String amount, Instant createdAt) {
        return new Order(UUID.randomUUID(), userId, new BigDecimal(amount), "EUR", createdAt);
    }

    private static String header(Headers headers, String name) {
        Header header = headers.lastHeader(name);
        return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }

}

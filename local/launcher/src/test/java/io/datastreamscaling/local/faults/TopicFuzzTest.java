package io.datastreamscaling.local.faults;

import static io.datastreamscaling.local.broker.testing.Await.until;
import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.datastreamscaling.consumer.ConsumerService;
import io.datastreamscaling.consumer.ConsumerSettings;
import io.datastreamscaling.consumer.testing.TestDatabase;
import io.datastreamscaling.local.broker.testing.TestKafka;
import io.datastreamscaling.shared.config.Env;
import io.datastreamscaling.shared.kafka.DeadLetterHeaders;
import io.datastreamscaling.shared.kafka.Topics;
import io.datastreamscaling.shared.order.Order;
import io.datastreamscaling.shared.order.OrderDecodingException;
import io.datastreamscaling.shared.order.OrderJson;
import io.datastreamscaling.streams.StreamsService;
import io.datastreamscaling.streams.StreamsSettings;
import io.datastreamscaling.streams.topology.EventTimeRule;
import io.datastreamscaling.streams.topology.SourceLineage;
import java.io.IOException;
import java.math.BigDecimal;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.streams.KafkaStreams;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A topic fuzz, on the embedded broker with the real services: a few thousand records, most of them
 * hostile (random bytes, near-valid JSON, extreme numbers and timestamps, empty and close-to-1-MiB
 * values, null keys, tombstones, keys that are not the order's user), produced straight into the
 * orders topic while the consumer (exactly-once PostgreSQL sink) and the Streams app run.
 *
 * <p>Accounting, per service and per source record (topic, partition, offset): each record has
 * exactly one outcome. The consumer stores it in PostgreSQL ({@code source_partition/source_offset}
 * of the row) or dead-letters it ({@code orders.dlq} record whose {@code dlq.consumer.group} is the
 * consumer's group); the Streams app enriches it ({@code orders.enriched} record whose
 * {@code streams.source} header names it) or dead-letters it ({@code dlq.consumer.group} = its
 * application id). Which outcome is right comes from the rules themselves: the consumer stores what
 * {@link OrderJson#decode} accepts; Streams additionally needs the key to be the order's user and a
 * usable event time. Every record this test generated as bad must be dead-lettered by both; every
 * good one stored once and enriched once; both services still running at the end.
 *
 * <p>Seeded: the seed is printed; rerun one with {@code -Dfuzz.seed=N}. Figures in docs/reliability.md.
 */
@Tag("fault")
class TopicFuzzTest {
    private static final int RECORDS = 3_000;
    /** Close-to-1-MiB records among them; {@code -Dfuzz.huge=N} changes how many. */
    private static final int HUGE_RECORDS = Integer.getInteger("fuzz.huge", 4);
    /**
     * Just below the broker's message.max.bytes (1 MiB + 12) with the batch's framing; with the
     * dead-letter headers added, the dead letter exceeds the services' max.request.size (1 MiB).
     */
    private static final int HUGE_BYTES = 1_048_576 - 256;
    /** The instants PostgreSQL's timestamptz holds as the JDBC driver writes them (no year 0, up to 294276). */
    private static final Instant FIRST_STORABLE = Instant.parse("0001-01-01T00:00:00Z");
    private static final Instant AFTER_LAST_STORABLE = Instant.parse("+294277-01-01T00:00:00Z");
    private static final Duration TIMEOUT = Duration.ofMinutes(3);
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private enum Kind { GOOD, GOOD_NULL_KEY, WRONG_KEY, TOMBSTONE, EMPTY, RANDOM_BYTES, NEAR_JSON, EXTREME_NUMBER, EXTREME_TIME, HUGE }

    private static final Set<Kind> ALWAYS_BAD = Set.of(Kind.TOMBSTONE, Kind.EMPTY, Kind.RANDOM_BYTES, Kind.EXTREME_NUMBER);

    /** One produced record: what it was meant to be, where it landed, what each service should do. */
    private record Sent(Kind kind, int partition, long offset, boolean consumerStores, boolean streamsEnriches, String sample) {
        String key() {
            return partition + "@" + offset;
        }
    }

    @TempDir
    Path stateDir;

    @Test
    @Timeout(value = 8, unit = TimeUnit.MINUTES)
    void hostileRecordsAreDeadLetteredByBothServicesWhichKeepRunningAndEveryGoodOrderIsStoredOnce() throws Exception {
        long seed = Long.getLong("fuzz.seed", System.nanoTime());
        System.out.println("TopicFuzzTest seed=" + seed + " (rerun: -Dfuzz.seed=" + seed + ")");
        Random random = new Random(seed);
        String topic = TestKafka.uniqueName("fuzz-orders");
        TestKafka.createTopic(topic, 3);
        String group = TestKafka.uniqueName("fuzz-consumer");
        String applicationId = TestKafka.uniqueName("fuzz-streams");
        EventTimeRule streamsRule = new EventTimeRule(Duration.ofMinutes(1));

        List<Sent> sent;
        try (TestDatabase db = TestDatabase.create("topic_fuzz");
             ConsumerService consumer = ConsumerService.start(consumerEnv(db, topic, group));
             StreamsService streams = StreamsService.start(streamsEnv(topic, applicationId))) {
            sent = produce(topic, random, streamsRule);

            Map<Kind, Long> byKind = sent.stream().collect(Collectors.groupingBy(Sent::kind, () -> new EnumMap<>(Kind.class), Collectors.counting()));
            System.out.println("TopicFuzzTest produced " + sent.size() + " records: " + byKind);
            Set<String> expectedStored = keys(sent, Sent::consumerStores, true);
            Set<String> expectedConsumerDead = keys(sent, Sent::consumerStores, false);
            Set<String> expectedEnriched = keys(sent, Sent::streamsEnriches, true);
            Set<String> expectedStreamsDead = keys(sent, Sent::streamsEnriches, false);

            // Every record has an outcome at each service (the assertions then check which).
            until(TIMEOUT, () -> storedRows(db, topic).size() + deadLetters(topic, group).size() >= sent.size()
                            && enriched(topic).size() + deadLetters(topic, applicationId).size() >= sent.size(),
                    () -> "outcomes incomplete: stored " + storedRows(db, topic).size() + "/" + expectedStored.size()
                            + ", consumer dead letters " + deadLetters(topic, group).size() + "/" + expectedConsumerDead.size()
                            + ", streams dead letters " + deadLetters(topic, applicationId).size() + "/" + expectedStreamsDead.size()
                            + ", enriched " + enriched(topic).size() + "/" + expectedEnriched.size()
                            + "; consumer running " + live(consumer.httpPort()) + ", streams " + streams.state() + "; seed " + seed);

            List<String> stored = storedRows(db, topic);
            List<ConsumerRecord<byte[], byte[]>> consumerDead = deadLetters(topic, group);
            List<ConsumerRecord<byte[], byte[]>> streamsDead = deadLetters(topic, applicationId);
            List<String> enriched = enriched(topic);
            report(seed, sent, stored, consumerDead, streamsDead, enriched);
            assertAll(
                    () -> assertEquals(expectedStored, Set.copyOf(stored), () -> "consumer: exactly the good records stored; seed " + seed
                            + "\n  " + difference(sent, expectedStored, Set.copyOf(stored))),
                    () -> assertEquals(stored.size(), Set.copyOf(stored).size(), "consumer: no record stored twice"),
                    () -> assertEquals(expectedConsumerDead, Set.copyOf(keysOf(consumerDead)), "consumer: exactly the bad records dead-lettered"),
                    () -> assertEquals(consumerDead.size(), Set.copyOf(keysOf(consumerDead)).size(), "consumer: no record dead-lettered twice"),
                    () -> assertEquals(expectedEnriched, Set.copyOf(enriched), () -> "streams: exactly the good records enriched\n  "
                            + difference(sent, expectedEnriched, Set.copyOf(enriched))),
                    () -> assertEquals(enriched.size(), Set.copyOf(enriched).size(), "streams: no record enriched twice"),
                    () -> assertEquals(expectedStreamsDead, Set.copyOf(keysOf(streamsDead)), "streams: exactly the bad records dead-lettered"),
                    () -> assertEquals(streamsDead.size(), Set.copyOf(keysOf(streamsDead)).size(), "streams: no record dead-lettered twice"),
                    () -> assertTrue(consumerDead.stream().allMatch(TopicFuzzTest::hasDeadLetterHeaders), "consumer: every dead letter has its headers"),
                    () -> assertTrue(streamsDead.stream().allMatch(TopicFuzzTest::hasDeadLetterHeaders), "streams: every dead letter has its headers"),
                    // (a changed byte of NEAR_JSON can leave a valid order; an EXTREME_TIME order depends on the createdAt window)
                    () -> assertTrue(sent.stream().filter(s -> ALWAYS_BAD.contains(s.kind())).noneMatch(Sent::consumerStores),
                            "the generator's bad records are refused by the rules"),
                    () -> assertTrue(sent.stream().filter(s -> s.kind() == Kind.GOOD).allMatch(s -> s.consumerStores() && s.streamsEnriches()),
                            "the generator's good records pass the rules"),
                    () -> assertTrue(live(consumer.httpPort()), "the consumer is still running"),
                    () -> assertEquals(KafkaStreams.State.RUNNING, streams.state(), "the Streams app is still running"));
        }
    }

    private static List<Sent> produce(String topic, Random random, EventTimeRule streamsRule) throws Exception {
        List<Kind> kinds = new ArrayList<>();
        for (int i = 0; i < RECORDS - HUGE_RECORDS; i++) {
            kinds.add(pick(random));
        }
        for (int i = 0; i < HUGE_RECORDS; i++) {
            kinds.add(random.nextInt(kinds.size()), Kind.HUGE);
        }
        List<Future<RecordMetadata>> acks = new ArrayList<>();
        List<ProducerRecord<byte[], byte[]>> records = new ArrayList<>();
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, TestKafka.bootstrapServers(),
                ProducerConfig.ACKS_CONFIG, "all",
                // room for the close-to-1-MiB records; the broker's own limit still applies
                ProducerConfig.MAX_REQUEST_SIZE_CONFIG, 2 * 1_048_576), new ByteArraySerializer(), new ByteArraySerializer())) {
            for (Kind kind : kinds) {
                ProducerRecord<byte[], byte[]> record = record(topic, kind, random);
                records.add(record);
                acks.add(producer.send(record));
            }
            producer.flush();
        }
        List<Sent> sent = new ArrayList<>();
        long now = System.currentTimeMillis();
        for (int i = 0; i < kinds.size(); i++) {
            RecordMetadata metadata = acks.get(i).get();
            ProducerRecord<byte[], byte[]> record = records.get(i);
            Order decoded = decodeOrNull(record.value());
            boolean consumerStores = decoded != null && storable(decoded.createdAt());
            boolean streamsEnriches = decoded != null && record.key() != null
                    && decoded.userId().equals(new String(record.key(), StandardCharsets.UTF_8))
                    && streamsRule.usable(decoded.createdAt(), now);
            sent.add(new Sent(kinds.get(i), metadata.partition(), metadata.offset(), consumerStores, streamsEnriches, sample(record.value())));
        }
        return sent;
    }

    private static String sample(byte[] value) {
        if (value == null) {
            return "null";
        }
        String text = new String(value, 0, Math.min(value.length, 160), StandardCharsets.UTF_8);
        return text.replaceAll("\\p{Cntrl}", "?") + (value.length > 160 ? "… (" + value.length + " bytes)" : "");
    }

    /** The records in one set and not the other, with what they were, for a failure message. */
    private static String difference(List<Sent> sent, Set<String> expected, Set<String> actual) {
        Map<String, Sent> byKey = sent.stream().collect(Collectors.toMap(Sent::key, x -> x));
        List<String> lines = new ArrayList<>();
        expected.stream().filter(k -> !actual.contains(k)).limit(10)
                .forEach(k -> lines.add("missing " + k + " " + byKey.get(k).kind() + " " + byKey.get(k).sample()));
        actual.stream().filter(k -> !expected.contains(k)).limit(10)
                .forEach(k -> lines.add("unexpected " + k + " " + (byKey.containsKey(k) ? byKey.get(k).kind() + " " + byKey.get(k).sample() : "")));
        return String.join("\n  ", lines);
    }

    /** Whether PostgreSQL takes the instant: the consumer dead-letters a row the database refuses. */
    private static boolean storable(Instant createdAt) {
        return !createdAt.isBefore(FIRST_STORABLE) && createdAt.isBefore(AFTER_LAST_STORABLE);
    }

    /** The consumer's own rule: what the shared decoder accepts is an order. */
    private static Order decodeOrNull(byte[] value) {
        if (value == null) {
            return null;
        }
        try {
            return OrderJson.decode(value);
        } catch (OrderDecodingException e) {
            return null;
        }
    }

    private static Kind pick(Random random) {
        int roll = random.nextInt(100);
        if (roll < 45) {
            return Kind.GOOD;
        }
        if (roll < 48) {
            return Kind.GOOD_NULL_KEY;
        }
        if (roll < 51) {
            return Kind.WRONG_KEY;
        }
        if (roll < 54) {
            return Kind.TOMBSTONE;
        }
        if (roll < 57) {
            return Kind.EMPTY;
        }
        if (roll < 67) {
            return Kind.RANDOM_BYTES;
        }
        if (roll < 82) {
            return Kind.NEAR_JSON;
        }
        return roll < 91 ? Kind.EXTREME_NUMBER : Kind.EXTREME_TIME;
    }

    private static ProducerRecord<byte[], byte[]> record(String topic, Kind kind, Random random) {
        String user = "fuzz-user-" + random.nextInt(50);
        byte[] key = user.getBytes(StandardCharsets.UTF_8);
        return switch (kind) {
            case GOOD -> new ProducerRecord<>(topic, key, goodJson(user, random));
            case GOOD_NULL_KEY -> new ProducerRecord<>(topic, null, goodJson(user, random));
            case WRONG_KEY -> new ProducerRecord<>(topic, "someone-else".getBytes(StandardCharsets.UTF_8), goodJson(user, random));
            case TOMBSTONE -> new ProducerRecord<>(topic, key, null);
            case EMPTY -> new ProducerRecord<>(topic, key, new byte[0]);
            case RANDOM_BYTES -> new ProducerRecord<>(topic, random.nextBoolean() ? key : null, randomBytes(random, 1 + random.nextInt(512)));
            case NEAR_JSON -> new ProducerRecord<>(topic, key, nearJson(user, random));
            case EXTREME_NUMBER -> new ProducerRecord<>(topic, key, json(user, pickOf(random, EXTREME_AMOUNTS), "\"" + Instant.now() + "\""));
            case EXTREME_TIME -> new ProducerRecord<>(topic, key, json(user, "12.34", pickOf(random, extremeTimes())));
            case HUGE -> new ProducerRecord<>(topic, key, random.nextBoolean() ? randomBytes(random, HUGE_BYTES) : paddedJson(user));
        };
    }

    private static final List<String> EXTREME_AMOUNTS = List.of("1e308", "-1e308", "1e-99999999", "1e99999999", "0", "-0",
            "0.001", "9999999999.995", "10000000000.00", "99999999999999999999999999999999999999.99",
            "\"NaN\"", "\"Infinity\"", "null", "true", "[]", "{}", "\"12.34\"", "1.7976931348623157E309", "0x10", "1_000");

    private static List<String> extremeTimes() {
        return List.of("\"9999-12-31T23:59:59Z\"", "\"+1000000000-12-31T23:59:59.999999999Z\"",
                "\"-1000000000-01-01T00:00:00Z\"", "\"1969-12-31T23:59:59.999Z\"", "\"0000-01-01T00:00:00Z\"",
                "\"" + Instant.now().plus(Duration.ofHours(2)) + "\"", "\"" + Instant.now().plus(Duration.ofDays(400)) + "\"",
                "\"" + Instant.now().minus(Duration.ofDays(365 * 30)) + "\"", "9223372036854775807", "-1",
                "\"2024-02-30T00:00:00Z\"", "\"2024-05-01T25:00:00Z\"", "\"2024-05-01\"", "\"\"", "null");
    }

    private static byte[] goodJson(String user, Random random) {
        String amount = BigDecimal.valueOf(1 + random.nextInt(500_000), 2).toPlainString();
        return json(user, amount, "\"" + Instant.now().minusMillis(random.nextInt(60_000)) + "\"");
    }

    private static byte[] json(String user, String amount, String createdAt) {
        return ("{\"orderId\":\"" + UUID.randomUUID() + "\",\"userId\":\"" + user + "\",\"amount\":" + amount
                + ",\"currency\":\"EUR\",\"createdAt\":" + createdAt + "}").getBytes(StandardCharsets.UTF_8);
    }

    /** A valid order with one damage: cut short, a byte changed, a field dropped or retyped. */
    private static byte[] nearJson(String user, Random random) {
        byte[] good = goodJson(user, random);
        String text = new String(good, StandardCharsets.UTF_8);
        return switch (random.nextInt(6)) {
            case 0 -> Arrays.copyOf(good, random.nextInt(good.length));
            case 1 -> {
                byte[] changed = good.clone();
                changed[random.nextInt(changed.length)] = (byte) random.nextInt(256);
                yield changed;
            }
            case 2 -> text.replaceFirst("\"currency\":\"EUR\",", "").getBytes(StandardCharsets.UTF_8);
            case 3 -> text.replaceFirst("\"orderId\":\"[^\"]+\"", "\"orderId\":42").getBytes(StandardCharsets.UTF_8);
            case 4 -> (text + text).getBytes(StandardCharsets.UTF_8);
            default -> text.replace("\"currency\":\"EUR\"", "\"currency\":\"XYZ\"").getBytes(StandardCharsets.UTF_8);
        };
    }

    /** A valid order followed by a megabyte of whitespace: valid JSON, close to the broker's limit. */
    private static byte[] paddedJson(String user) {
        byte[] order = json(user, "1.00", "\"" + Instant.now() + "\"");
        byte[] padded = Arrays.copyOf(order, HUGE_BYTES);
        Arrays.fill(padded, order.length, padded.length, (byte) ' ');
        return padded;
    }

    private static byte[] randomBytes(Random random, int length) {
        byte[] bytes = new byte[length];
        random.nextBytes(bytes);
        return bytes;
    }

    private static <T> T pickOf(Random random, List<T> values) {
        return values.get(random.nextInt(values.size()));
    }

    private static Set<String> keys(List<Sent> sent, Predicate<Sent> outcome, boolean wanted) {
        return sent.stream().filter(s -> outcome.test(s) == wanted).map(Sent::key)
                .collect(Collectors.toCollection(HashSet::new));
    }

    private static List<String> keysOf(List<ConsumerRecord<byte[], byte[]>> deadLetters) {
        return deadLetters.stream().map(r -> header(r, DeadLetterHeaders.SOURCE_PARTITION) + "@" + header(r, DeadLetterHeaders.SOURCE_OFFSET)).toList();
    }

    private static boolean hasDeadLetterHeaders(ConsumerRecord<byte[], byte[]> deadLetter) {
        return List.of(DeadLetterHeaders.SOURCE_TOPIC, DeadLetterHeaders.SOURCE_PARTITION, DeadLetterHeaders.SOURCE_OFFSET,
                        DeadLetterHeaders.SOURCE_TIMESTAMP, DeadLetterHeaders.ERROR_CLASS, DeadLetterHeaders.ERROR_MESSAGE,
                        DeadLetterHeaders.CONSUMER_GROUP).stream()
                .allMatch(name -> header(deadLetter, name) != null);
    }

    /** "partition@offset" of every row stored from {@code topic}. */
    private static List<String> storedRows(TestDatabase db, String topic) {
        List<String> rows = new ArrayList<>();
        try (Connection c = db.connect();
             PreparedStatement st = c.prepareStatement("SELECT source_partition, source_offset FROM orders WHERE source_topic = ?")) {
            st.setString(1, topic);
            try (ResultSet rs = st.executeQuery()) {
                while (rs.next()) {
                    rows.add(rs.getInt(1) + "@" + rs.getLong(2));
                }
            }
        } catch (SQLException e) {
            return rows; // the consumer has not created the schema yet
        }
        return rows;
    }

    /** Committed dead letters of records of {@code topic} written by {@code writer} (a group or application id). */
    private static List<ConsumerRecord<byte[], byte[]>> deadLetters(String topic, String writer) {
        return readAll(Topics.ORDERS_DLQ).stream()
                .filter(r -> topic.equals(header(r, DeadLetterHeaders.SOURCE_TOPIC)) && writer.equals(header(r, DeadLetterHeaders.CONSUMER_GROUP)))
                .toList();
    }

    /** "partition@offset" of the input record of every committed orders.enriched record from {@code topic}. */
    private static List<String> enriched(String topic) {
        return readAll(Topics.ORDERS_ENRICHED).stream()
                .map(r -> SourceLineage.of(r.headers()).orElse(null))
                .filter(l -> l != null && l.topic().equals(topic))
                .map(l -> l.partition() + "@" + l.offset())
                .toList();
    }

    /** Every committed record of {@code topic}, up to its current end. */
    private static List<ConsumerRecord<byte[], byte[]>> readAll(String topic) {
        List<ConsumerRecord<byte[], byte[]>> records = new ArrayList<>();
        try (KafkaConsumer<byte[], byte[]> reader = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, TestKafka.bootstrapServers(),
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed",
                ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG, 2 * 1_048_576), new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = reader.partitionsFor(topic).stream().map(p -> new TopicPartition(topic, p.partition())).toList();
            reader.assign(partitions);
            reader.seekToBeginning(partitions);
            Map<TopicPartition, Long> ends = reader.endOffsets(partitions);
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (partitions.stream().anyMatch(p -> reader.position(p) < ends.get(p)) && System.nanoTime() < deadline) {
                reader.poll(Duration.ofMillis(200)).forEach(records::add);
            }
        }
        return records;
    }

    /** Whether a service answers 200 on {@code /health/live}. */
    private static boolean live(int port) {
        try {
            return HTTP.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/health/live"))
                    .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private static String header(ConsumerRecord<byte[], byte[]> record, String name) {
        Header header = record.headers().lastHeader(name);
        return header == null || header.value() == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }

    private static Env consumerEnv(TestDatabase db, String topic, String group) {
        Map<String, String> env = new HashMap<>(db.env());
        env.put("KAFKA_BOOTSTRAP_SERVERS", TestKafka.bootstrapServers());
        env.put("HTTP_PORT", "0");
        env.put(ConsumerSettings.ORDERS_TOPIC, topic);
        env.put(ConsumerSettings.CONSUMER_GROUP_ID, group);
        env.put(ConsumerSettings.SINK, ConsumerSettings.SINK_POSTGRES);
        return Env.of(env);
    }

    private Env streamsEnv(String topic, String applicationId) {
        return Env.of(Map.of(
                "KAFKA_BOOTSTRAP_SERVERS", TestKafka.bootstrapServers(),
                StreamsSettings.APPLICATION_ID, applicationId,
                StreamsSettings.ORDERS_TOPIC, topic,
                StreamsSettings.STATE_DIR, stateDir.toString(),
                StreamsSettings.HTTP_PORT, "0",
                "TOPIC_PARTITIONS", "3"));
    }

    private static void report(long seed, List<Sent> sent, List<String> stored, List<ConsumerRecord<byte[], byte[]>> consumerDead,
                               List<ConsumerRecord<byte[], byte[]>> streamsDead, List<String> enriched) {
        Set<String> storedSet = Set.copyOf(stored);
        Set<String> enrichedSet = Set.copyOf(enriched);
        Set<String> consumerDeadSet = Set.copyOf(keysOf(consumerDead));
        Set<String> streamsDeadSet = Set.copyOf(keysOf(streamsDead));
        Map<Kind, String> lines = new TreeMap<>();
        for (Kind kind : Kind.values()) {
            List<String> ofKind = sent.stream().filter(s -> s.kind() == kind).map(Sent::key).toList();
            lines.put(kind, String.format(Locale.ROOT, "%d sent: consumer stored %d, dead-lettered %d; streams enriched %d, dead-lettered %d",
                    ofKind.size(), ofKind.stream().filter(storedSet::contains).count(), ofKind.stream().filter(consumerDeadSet::contains).count(),
                    ofKind.stream().filter(enrichedSet::contains).count(), ofKind.stream().filter(streamsDeadSet::contains).count()));
        }
        long truncated = consumerDead.stream().filter(r -> r.headers().lastHeader("dlq.value.truncated") != null).count()
                + streamsDead.stream().filter(r -> r.headers().lastHeader("dlq.value.truncated") != null).count();
        System.out.println("TopicFuzzTest seed=" + seed + " outcomes by kind:");
        lines.forEach((kind, line) -> System.out.println("  " + kind + ": " + line));
        System.out.println("  dead letters truncated to fit: " + truncated);
    }
}

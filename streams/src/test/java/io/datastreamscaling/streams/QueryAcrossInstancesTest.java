package io.datastreamscaling.streams;

import io.datastreamscaling.local.broker.testing.Await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import io.datastreamscaling.local.broker.testing.TestKafka;
import io.datastreamscaling.shared.order.Order;
import java.math.BigDecimal;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.UUID;
import java.util.stream.IntStream;
import org.apache.kafka.streams.KafkaStreams;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two instances of one application (same application id, each its own HTTP port and state): a
 * client may ask either about any user or tier, and gets the owner's answer.
 */
class QueryAcrossInstancesTest {
    private static final Instant MINUTE_0 = Instant.parse("2024-05-01T10:00:00Z");
    private static final String FORWARDED = "X-Revenue-Forwarded";
    private static final String RANGE = "?from=" + MINUTE_0 + "&to=" + MINUTE_0.plusSeconds(600);

    @TempDir
    static Path stateDirs;

    private static StreamsService a;
    private static StreamsService b;
    private static List<String> users;
    /** Which instance ("localhost:port") owns each user, as instance a answers. */
    private static final Map<String, String> ownerOf = new TreeMap<>();

    @BeforeAll
    static void startTwoInstancesAndSpreadUsersOverThem() throws Exception {
        String input = TestKafka.uniqueName("orders");
        TestKafka.createTopic(input, 4);
        String applicationId = TestKafka.uniqueName("streams-two");
        a = StreamsService.start(TestCluster.env(applicationId, input, stateDirs.resolve("a")));
        b = StreamsService.start(TestCluster.env(applicationId, input, stateDirs.resolve("b")));
        users = IntStream.range(0, 16).mapToObj(i -> TestKafka.uniqueName("user" + i)).toList();
        TestCluster.produce(input, users.stream().map(u -> order(u, "10.00")).toList());
        // Settled: both RUNNING, every user answered by both, and the users split over both (the
        // assignment spreads the 4 partitions), so some answers must have been proxied.
        Await.until(TestKafka.timeout(), QueryAcrossInstancesTest::settled,
                () -> "states " + a.state() + "/" + b.state() + ", owners " + ownerOf);
    }

    @AfterAll
    static void stopBoth() {
        if (b != null) {
            b.close();
        }
        if (a != null) {
            a.close();
        }
    }

    @Test
    void theNonOwnerAnswersWithTheOwnersData() {
        String user = userOwnedByB();

        HttpResponse<String> viaA = TestCluster.get(a.httpPort(), "/revenue/" + user + RANGE);
        HttpResponse<String> fromB = TestCluster.get(b.httpPort(), "/revenue/" + user + RANGE);

        assertEquals(200, viaA.statusCode(), viaA.body());
        assertEquals(TestCluster.json(fromB), TestCluster.json(viaA), "a relays b's answer");
        assertEquals(address(b), TestCluster.json(viaA).get("servedBy").asText());
        assertEquals("10.00", TestCluster.json(viaA).get("windows").get(0).get("revenue").decimalValue().setScale(2).toPlainString());
    }

    @Test
    void aForwardedRequestIsNeverForwardedAgain() {
        String user = userOwnedByB();

        HttpResponse<String> bounced = TestCluster.get(a.httpPort(), "/revenue/" + user + RANGE, FORWARDED, "test");
        HttpResponse<String> atOwner = TestCluster.get(b.httpPort(), "/revenue/" + user + RANGE, FORWARDED, "test");

        assertEquals(503, bounced.statusCode(), "a would have forwarded to b again: " + bounced.body());
        assertEquals(200, atOwner.statusCode(), "the owner answers a forwarded request itself: " + atOwner.body());
    }

    @Test
    void everyInstanceAnswersTheSameTierCounts() {
        HttpResponse<String> fromA = TestCluster.get(a.httpPort(), "/tiers" + RANGE);
        HttpResponse<String> fromB = TestCluster.get(b.httpPort(), "/tiers" + RANGE);

        assertEquals(200, fromA.statusCode(), fromA.body());
        assertEquals(TestCluster.json(fromB), TestCluster.json(fromA));
        // 16 LOW orders at 10:00:00, in the 5-minute windows starting 09:56 to 10:00: one in range
        assertEquals("2024-05-01T10:00:00Z 16", TestCluster.json(fromA).get("tiers").get("LOW").get(0).get("start").asText() + " "
                + TestCluster.json(fromA).get("tiers").get("LOW").get(0).get("orders").asLong(), fromA.body());
    }

    private static boolean settled() {
        if (a.state() != KafkaStreams.State.RUNNING || b.state() != KafkaStreams.State.RUNNING) {
            return false;
        }
        ownerOf.clear();
        for (String user : users) {
            HttpResponse<String> viaA = TestCluster.get(a.httpPort(), "/revenue/" + user + RANGE);
            HttpResponse<String> viaB = TestCluster.get(b.httpPort(), "/revenue/" + user + RANGE);
            if (viaA.statusCode() != 200 || viaB.statusCode() != 200 || !TestCluster.json(viaA).equals(TestCluster.json(viaB))) {
                return false;
            }
            ownerOf.put(user, TestCluster.json(viaA).get("servedBy").asText());
        }
        HttpResponse<String> tiers = TestCluster.get(a.httpPort(), "/tiers" + RANGE);
        boolean counted = tiers.statusCode() == 200 && TestCluster.json(tiers).path("tiers").path("LOW").path(0).path("orders").asLong() == users.size();
        return counted && new TreeSet<>(ownerOf.values()).equals(Set.of(address(a), address(b)));
    }

    private static String userOwnedByB() {
        String user = ownerOf.entrySet().stream().filter(e -> e.getValue().equals(address(b))).findFirst()
                .orElseThrow().getKey();
        assertNotEquals(address(a), ownerOf.get(user), "a must not own the user, or nothing is proxied");
        return user;
    }

    private static String address(StreamsService instance) {
        return "localhost:" + instance.httpPort();
    }

    private static Order order(String userId, String amount) {
        return new Order(UUID.randomUUID(), userId, new BigDecimal(amount), "EUR", MINUTE_0);
    }
}

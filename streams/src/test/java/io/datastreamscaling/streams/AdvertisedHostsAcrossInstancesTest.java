package io.datastreamscaling.streams;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.datastreamscaling.local.broker.testing.Await;
import io.datastreamscaling.local.broker.testing.TestKafka;
import io.datastreamscaling.shared.config.Env;
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
 * Two instances configured as two Kubernetes pods are: each advertises its own address
 * (STREAMS_ADVERTISED_HOST, here 127.0.0.1 and localhost as two distinct host names) on its own port,
 * with one standby replica, and each answers GET /revenue/{userId} for the users the other owns by
 * forwarding to the owner's advertised address. With one shared address (every pod advertising
 * "localhost:8082") each would believe it owns every key and answer 404 for users held elsewhere.
 */
class AdvertisedHostsAcrossInstancesTest {
    private static final Instant MINUTE_0 = Instant.parse("2024-05-01T10:00:00Z");
    private static final String RANGE = "?from=" + MINUTE_0 + "&to=" + MINUTE_0.plusSeconds(600);

    @TempDir
    static Path stateDirs;

    private static StreamsService first;
    private static StreamsService second;
    private static List<String> users;
    /** The owner's advertised address for each user, as the answers name it. */
    private static final Map<String, String> ownerOf = new TreeMap<>();

    @BeforeAll
    static void startTwoInstancesWithDistinctAdvertisedHosts() throws Exception {
        String input = TestKafka.uniqueName("orders");
        TestKafka.createTopic(input, 4);
        String applicationId = TestKafka.uniqueName("streams-hosts");
        first = StreamsService.start(pod(applicationId, input, "first", "127.0.0.1"));
        second = StreamsService.start(pod(applicationId, input, "second", "localhost"));
        users = IntStream.range(0, 16).mapToObj(i -> TestKafka.uniqueName("user" + i)).toList();
        TestCluster.produce(input, users.stream().map(u -> order(u, "10.00")).toList());
        Await.until(TestKafka.timeout(), AdvertisedHostsAcrossInstancesTest::everyUserAnsweredByBothAndOwnedByEither,
                () -> "states " + first.state() + "/" + second.state() + ", owners " + ownerOf);
    }

    @AfterAll
    static void stopBoth() {
        if (second != null) {
            second.close();
        }
        if (first != null) {
            first.close();
        }
    }

    @Test
    void eachInstanceAnswersForTheUsersTheOtherOwns() {
        for (String user : users) {
            HttpResponse<String> viaFirst = TestCluster.get(first.httpPort(), "/revenue/" + user + RANGE);
            HttpResponse<String> viaSecond = TestCluster.get(second.httpPort(), "/revenue/" + user + RANGE);

            assertEquals(200, viaFirst.statusCode(), () -> user + " via the first instance: " + viaFirst.body());
            assertEquals(200, viaSecond.statusCode(), () -> user + " via the second instance: " + viaSecond.body());
            assertEquals(TestCluster.json(viaFirst), TestCluster.json(viaSecond), () -> user + ": both relay the owner's answer");
            assertEquals("10.00", TestCluster.json(viaFirst).get("windows").get(0).get("revenue").decimalValue().setScale(2).toPlainString());
        }
    }

    @Test
    void theOwnersAreNamedByTheirOwnAdvertisedAddresses() {
        assertEquals(Set.of(address("127.0.0.1", first), address("localhost", second)), new TreeSet<>(ownerOf.values()),
                "both instances own users, each under the address it advertises");
    }

    private static boolean everyUserAnsweredByBothAndOwnedByEither() {
        if (first.state() != KafkaStreams.State.RUNNING || second.state() != KafkaStreams.State.RUNNING) {
            return false;
        }
        ownerOf.clear();
        for (String user : users) {
            HttpResponse<String> viaFirst = TestCluster.get(first.httpPort(), "/revenue/" + user + RANGE);
            HttpResponse<String> viaSecond = TestCluster.get(second.httpPort(), "/revenue/" + user + RANGE);
            if (viaFirst.statusCode() != 200 || viaSecond.statusCode() != 200
                    || !TestCluster.json(viaFirst).equals(TestCluster.json(viaSecond))
                    || TestCluster.json(viaFirst).path("windows").isEmpty()) {
                return false;
            }
            ownerOf.put(user, TestCluster.json(viaFirst).get("servedBy").asText());
        }
        return new TreeSet<>(ownerOf.values()).size() == 2;
    }

    /** What a pod's environment gives the service: its own advertised host and one standby replica. */
    private static Env pod(String applicationId, String input, String name, String advertisedHost) {
        return TestCluster.env(applicationId, input, stateDirs.resolve(name)).with(Map.of(
                StreamsSettings.ADVERTISED_HOST, advertisedHost,
                StreamsSettings.STANDBY_REPLICAS, "1"));
    }

    private static String address(String host, StreamsService instance) {
        return host + ":" + instance.httpPort();
    }

    private static Order order(String userId, String amount) {
        return new Order(UUID.randomUUID(), userId, new BigDecimal(amount), "EUR", MINUTE_0);
    }
}

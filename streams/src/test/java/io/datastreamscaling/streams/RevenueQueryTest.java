package io.datastreamscaling.streams;

import io.datastreamscaling.local.broker.testing.Await;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import io.datastreamscaling.local.broker.testing.TestKafka;
import io.datastreamscaling.shared.order.Order;
import io.datastreamscaling.shared.order.OrderJson;
import java.math.BigDecimal;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.apache.kafka.streams.KafkaStreams;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code GET /revenue/{userId}} against a running instance on the real broker. */
class RevenueQueryTest {
    private static final Instant MINUTE_0 = Instant.parse("2024-05-01T10:00:00Z");

    @TempDir
    static Path stateDir;

    private static StreamsService service;
    private static String user;

    @BeforeAll
    static void startServiceWithOrders() throws Exception {
        String input = TestKafka.uniqueName("orders");
        TestKafka.createTopic(input, 3);
        service = StreamsService.start(TestCluster.env(TestKafka.uniqueName("streams-query"), input, stateDir));
        user = TestKafka.uniqueName("query-user");
        List<Order> orders = List.of(
                order(user, "12.50", MINUTE_0.plusSeconds(5)),
                order(user, "7.25", MINUTE_0.plusSeconds(40)),
                order(user, "100.00", MINUTE_0.plusSeconds(70)));
        TestCluster.produce(input, orders);
        Await.until(TestKafka.timeout(), () -> service.processed() == orders.size()
                        && service.state() == KafkaStreams.State.RUNNING,
                () -> "processed " + service.processed() + " of " + orders.size() + ", state " + service.state());
    }

    @AfterAll
    static void stopService() {
        service.close();
    }

    @Test
    void answersTheUsersWindowsWithTheirSumsAndCounts() throws Exception {
        HttpResponse<String> response = get("/revenue/" + user + "?from=" + MINUTE_0 + "&to=" + MINUTE_0.plusSeconds(300));

        assertEquals(200, response.statusCode(), response.body());
        JsonNode windows = OrderJson.mapper().readTree(response.body()).get("windows");
        List<String> summary = new ArrayList<>();
        windows.forEach(w -> summary.add(w.get("start").asText() + " " + w.get("revenue").decimalValue().setScale(2).toPlainString()
                + " " + w.get("orders").asLong()));
        assertEquals(List.of("2024-05-01T10:00:00Z 19.75 2", "2024-05-01T10:01:00Z 100.00 1"), summary);
    }

    @Test
    void onlyWindowsStartingInTheRequestedRangeAreAnswered() throws Exception {
        HttpResponse<String> response = get("/revenue/" + user + "?from=" + MINUTE_0.plusSeconds(60) + "&to=" + MINUTE_0.plusSeconds(60));

        assertEquals(200, response.statusCode(), response.body());
        assertEquals(1, OrderJson.mapper().readTree(response.body()).get("windows").size(), response.body());
    }

    @Test
    void aUserWithNoWindowsIsNotFound() throws Exception {
        HttpResponse<String> response = get("/revenue/" + TestKafka.uniqueName("nobody"));

        assertEquals(404, response.statusCode(), response.body());
    }

    @Test
    void anInstantThatDoesNotParseIsABadRequest() throws Exception {
        HttpResponse<String> response = get("/revenue/" + user + "?from=yesterday");

        assertEquals(400, response.statusCode(), response.body());
    }

    @Test
    void aRangeEndingBeforeItStartsIsABadRequest() throws Exception {
        HttpResponse<String> response = get("/revenue/" + user + "?from=" + MINUTE_0.plusSeconds(60) + "&to=" + MINUTE_0);

        assertEquals(400, response.statusCode(), response.body());
    }

    @Test
    void tierCountsAreAnsweredPerHoppingWindowForEveryTier() throws Exception {
        // 12.50 and 7.25 are LOW, 100.00 is MEDIUM (from 100.00 on); each order is in the five
        // 5-minute windows that start in the minute of its createdAt and the four minutes before.
        String range = "?from=" + MINUTE_0 + "&to=" + MINUTE_0.plusSeconds(60);
        List<String> expectedLow = List.of("2024-05-01T10:00:00Z 2");
        List<String> expectedMedium = List.of("2024-05-01T10:00:00Z 1", "2024-05-01T10:01:00Z 1");
        // counted after the by-tier repartition topic, so a moment after the orders were processed; the
        // tiers' partitions of that topic catch up independently, so wait for every tier expected
        Await.until(TestKafka.timeout(), () -> {
            HttpResponse<String> answer = get("/tiers" + range);
            return answer.statusCode() == 200 && tierWindows(TestCluster.json(answer), "MEDIUM").equals(expectedMedium)
                    && tierWindows(TestCluster.json(answer), "LOW").equals(expectedLow);
        }, () -> "tier counts: " + get("/tiers" + range).body());

        JsonNode answer = TestCluster.json(get("/tiers" + range));
        assertEquals(expectedLow, tierWindows(answer, "LOW"), answer.toString());
        assertEquals(List.of(), tierWindows(answer, "HIGH"), answer.toString());
        assertEquals("PT5M", answer.get("windowSize").asText());
        assertEquals("PT1M", answer.get("advanceBy").asText());
    }

    @Test
    void oneTierCanBeAskedFor() throws Exception {
        HttpResponse<String> response = get("/tiers?tier=high&from=" + MINUTE_0 + "&to=" + MINUTE_0.plusSeconds(60));

        assertEquals(200, response.statusCode(), response.body());
        List<String> tiers = new ArrayList<>();
        TestCluster.json(response).get("tiers").fieldNames().forEachRemaining(tiers::add);
        assertEquals(List.of("HIGH"), tiers);
    }

    @Test
    void anUnknownTierIsABadRequest() throws Exception {
        HttpResponse<String> response = get("/tiers?tier=GIGANTIC");

        assertEquals(400, response.statusCode(), response.body());
    }

    @Test
    void readinessFollowsTheStreamsState() throws Exception {
        HttpResponse<String> response = get("/health/ready");

        assertEquals(200, response.statusCode(), "RUNNING, so ready: " + response.body());
    }

    private static HttpResponse<String> get(String pathAndQuery) {
        return TestCluster.get(service.httpPort(), pathAndQuery);
    }

    /** "start count" per window of one tier in a /tiers answer. */
    private static List<String> tierWindows(JsonNode answer, String tier) {
        List<String> windows = new ArrayList<>();
        answer.path("tiers").path(tier).forEach(w -> windows.add(w.get("start").asText() + " " + w.get("orders").asLong()));
        return windows;
    }

    private static Order order(String userId, String amount, Instant createdAt) {
        return new Order(UUID.randomUUID(), userId, new BigDecimal(amount), "EUR", createdAt);
    }
}

package io.datastreamscaling.streams;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import io.datastreamscaling.local.broker.testing.TestKafka;
import io.datastreamscaling.shared.order.Order;
import io.datastreamscaling.shared.order.OrderJson;
import java.math.BigDecimal;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
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
    private static final HttpClient HTTP = HttpClient.newHttpClient();

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
        TestCluster.await(TestKafka.timeout(), () -> service.processed() == orders.size()
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
    void readinessFollowsTheStreamsState() throws Exception {
        HttpResponse<String> response = get("/health/ready");

        assertEquals(200, response.statusCode(), "RUNNING, so ready: " + response.body());
    }

    private static HttpResponse<String> get(String pathAndQuery) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://localhost:" + service.httpPort() + pathAndQuery)).GET().build();
        return HTTP.send(request, HttpResponse.BodyHandlers.ofString());
    }

    private static Order order(String userId, String amount, Instant createdAt) {
        return new Order(UUID.randomUUID(), userId, new BigDecimal(amount), "EUR", createdAt);
    }
}

package io.datastreamscaling.producer.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.datastreamscaling.local.broker.testing.TestKafka;
import io.datastreamscaling.producer.ProducerService;
import io.datastreamscaling.shared.config.Env;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** With {@code PRODUCER_API_TOKEN} set, {@code POST /orders} takes only requests that carry it. */
class ApiTokenTest {
    private static final String TOKEN = "orders-token-5f3a9c";
    private static final String ORDER = "{\"userId\":\"user-token\",\"amount\":4.20,\"currency\":\"EUR\"}";
    private static final HttpClient CLIENT = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private static ProducerService service;

    @BeforeAll
    static void startProducerWithAToken() throws IOException {
        service = ProducerService.start(Env.of(Map.of(
                "KAFKA_BOOTSTRAP_SERVERS", TestKafka.bootstrapServers(),
                "ORDERS_TOPIC", TestKafka.uniqueName("orders-token"),
                "HTTP_PORT", "0",
                "PRODUCER_GENERATOR_ENABLED", "false",
                "PRODUCER_API_TOKEN", TOKEN)));
    }

    @AfterAll
    static void stopProducer() {
        service.close();
    }

    @Test
    void theRightBearerTokenIsAccepted() throws Exception {
        HttpResponse<String> response = postOrder("Bearer " + TOKEN);

        assertEquals(202, response.statusCode(), response.body());
    }

    @Test
    void theSchemeIsCaseInsensitiveAsRfc7235Says() throws Exception {
        assertEquals(202, postOrder("bearer " + TOKEN).statusCode());
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "Bearer", "Bearer ", "Bearer wrong-token", "Bearer " + TOKEN + "x", "Bearer orders-token",
        "Basic b3JkZXJzOnRva2Vu", TOKEN})
    void anyOtherAuthorizationIsRefusedWith401AndNothingIsSent(String authorization) throws Exception {
        long sentBefore = service.sent();

        HttpResponse<String> response = postOrder(authorization);

        assertEquals(401, response.statusCode(), response.body());
        assertTrue(response.headers().firstValue("WWW-Authenticate").orElse("").startsWith("Bearer"), response.headers().toString());
        assertEquals(sentBefore, service.sent(), "a refused request sends nothing");
    }

    @Test
    void metricsAndHealthStayOpenWithoutAToken() throws Exception {
        for (String path : new String[] {"/metrics", "/health/live", "/health/ready"}) {
            HttpResponse<String> response = CLIENT.send(HttpRequest.newBuilder(uri(path)).GET().build(),
                    HttpResponse.BodyHandlers.ofString());

            assertEquals(200, response.statusCode(), path + ": " + response.body());
        }
    }

    private static HttpResponse<String> postOrder(String authorization) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri("/orders"))
                .timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(ORDER));
        if (!authorization.isEmpty()) {
            request.header("Authorization", authorization);
        }
        return CLIENT.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static URI uri(String path) {
        return URI.create("http://127.0.0.1:" + service.httpPort() + path);
    }
}

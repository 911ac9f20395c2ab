package io.datastreamscaling.shared.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.datastreamscaling.shared.metrics.ServiceMetrics;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class ServiceHttpServerTest {
    private static final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private static final AtomicBoolean kafkaReady = new AtomicBoolean();
    private static ServiceMetrics metrics;
    private static ServiceHttpServer server;

    @BeforeAll
    static void start() throws Exception {
        metrics = ServiceMetrics.create("test-service");
        Health health = new Health();
        health.addReadinessCheck("kafka", kafkaReady::get);
        server = ServiceHttpServer.start("test-service", 0, metrics, health);
        server.route("POST", "/echo", exchange -> HttpExchanges.send(exchange, 200, "text/plain",
                HttpExchanges.readBody(exchange, 16)));
    }

    @AfterAll
    static void stop() {
        server.close();
        metrics.close();
    }

    private static HttpResponse<String> get(String path) throws Exception {
        return client.send(HttpRequest.newBuilder(URI.create("http://localhost:" + server.port() + path)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void errorAnswersToRequestsWithBodiesLeaveTheKeptAliveConnectionUsable() throws Exception {
        // One body read on a path (the /echo below) must not mark later requests' bodies as read: on
        // JDK 17 exchange attributes are shared per path, and an unread body closed the connection
        // under the client's next request (about 1 in 30 resets before the fix).
        HttpRequest echo = HttpRequest.newBuilder(URI.create("http://localhost:" + server.port() + "/echo"))
                .POST(HttpRequest.BodyPublishers.ofString("x")).build();
        assertEquals(200, client.send(echo, HttpResponse.BodyHandlers.ofString()).statusCode());
        int refused = 0;

        for (int i = 0; i < 300; i++) {
            String path = i % 2 == 0 ? "/echo" : "/metrics";
            String method = i % 2 == 0 ? "PUT" : "POST";
            HttpRequest request = HttpRequest.newBuilder(URI.create("http://localhost:" + server.port() + path))
                    .method(method, HttpRequest.BodyPublishers.ofString("{\"userId\":\"user-1\",\"amount\":12.50}")).build();
            refused += client.send(request, HttpResponse.BodyHandlers.ofString()).statusCode() == 405 ? 1 : 0;
        }

        assertEquals(300, refused, "every request answered 405, none reset");
    }

    @Test
    void metricsAreTaggedWithTheServiceAndIncludeJvmMeters() throws Exception {
        HttpResponse<String> response = get("/metrics");

        assertEquals(200, response.statusCode());
        assertTrue(response.body().contains("jvm_memory_used_bytes{"), "JVM binders are registered");
        assertTrue(response.body().contains("service=\"test-service\""), "every meter carries the service tag");
    }

    @Test
    void readinessFollowsTheRegisteredChecks() throws Exception {
        kafkaReady.set(false);
        HttpResponse<String> notReady = get("/health/ready");
        kafkaReady.set(true);
        HttpResponse<String> ready = get("/health/ready");

        assertEquals(503, notReady.statusCode());
        assertTrue(notReady.body().contains("\"kafka\":false"), notReady.body());
        assertEquals(200, ready.statusCode());
        assertEquals(200, get("/health/live").statusCode());
    }

    @Test
    void wrongMethodUnknownPathAndOversizedBodyGetClearErrors() throws Exception {
        HttpResponse<String> wrongMethod = client.send(HttpRequest.newBuilder(URI.create("http://localhost:" + server.port() + "/metrics"))
                .POST(HttpRequest.BodyPublishers.ofString("x")).build(), HttpResponse.BodyHandlers.ofString());
        HttpResponse<String> tooLarge = client.send(HttpRequest.newBuilder(URI.create("http://localhost:" + server.port() + "/echo"))
                .POST(HttpRequest.BodyPublishers.ofString("x".repeat(100))).build(), HttpResponse.BodyHandlers.ofString());

        assertEquals(405, wrongMethod.statusCode());
        assertEquals(404, get("/nope").statusCode());
        assertEquals(413, tooLarge.statusCode());
        assertTrue(tooLarge.body().contains("larger than 16 bytes"), tooLarge.body());
    }
}

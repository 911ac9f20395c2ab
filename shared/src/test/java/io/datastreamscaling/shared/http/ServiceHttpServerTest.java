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

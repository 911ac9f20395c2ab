package io.datastreamscaling.producer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.datastreamscaling.local.broker.EmbeddedKafkaBroker;
import io.datastreamscaling.local.broker.testing.TestKafka;
import io.datastreamscaling.shared.config.Env;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** When Kafka cannot take an order, {@code POST /orders} says 503 and nothing counts as acknowledged. */
class KafkaUnavailableTest {
    private static final String ORDER = """
            {"userId":"user-1","amount":10.00,"currency":"EUR"}""";

    @Test
    void withNoBrokerStartUpGoesOnNotReadyAndOrdersAreRefusedWith503() throws IOException {
        Env env = Env.of(Map.of(
                "KAFKA_BOOTSTRAP_SERVERS", "127.0.0.1:" + closedPort(),
                "ORDERS_TOPIC", TestKafka.uniqueName("orders-nobroker"),
                "HTTP_PORT", "0",
                "PRODUCER_STARTUP_TIMEOUT_MS", "500",
                "PRODUCER_SEND_TIMEOUT_MS", "500",
                "PRODUCER_CLOSE_TIMEOUT_MS", "500"));

        long startedAt = System.nanoTime();
        try (ProducerService service = ProducerService.start(env)) {
            Duration startUp = Duration.ofNanos(System.nanoTime() - startedAt);
            OrdersHttpClient http = new OrdersHttpClient(service.httpPort());

            HttpResponse<String> response = http.postOrder(ORDER);

            assertTrue(startUp.compareTo(Duration.ofSeconds(10)) < 0, "start-up took " + startUp);
            assertEquals(503, response.statusCode(), response.body());
            assertEquals(503, http.get("/health/ready").statusCode());
            assertEquals(200, http.get("/health/live").statusCode());
            assertEquals(0, service.acknowledged());
        }
    }

    @Test
    void whenTheBrokerGoesAwayAnOrderNotAcknowledgedInTimeIsAnswered503() throws IOException {
        EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start(EmbeddedKafkaBroker.Settings.temporary());
        Env env = Env.of(Map.of(
                "KAFKA_BOOTSTRAP_SERVERS", broker.bootstrapServers(),
                "ORDERS_TOPIC", TestKafka.uniqueName("orders-brokerloss"),
                "HTTP_PORT", "0",
                "PRODUCER_GENERATOR_ENABLED", "false",
                "PRODUCER_SEND_TIMEOUT_MS", "1000",
                "PRODUCER_CLOSE_TIMEOUT_MS", "1000"));
        try (ProducerService service = ProducerService.start(env)) {
            OrdersHttpClient http = new OrdersHttpClient(service.httpPort());
            assertEquals(202, http.postOrder(ORDER).statusCode(), "while the broker is up");

            broker.close();
            HttpResponse<String> response = http.postOrder(ORDER);

            assertEquals(503, response.statusCode(), response.body());
            assertFalse(response.body().contains("\tat "), "no stack trace in " + response.body());
            assertEquals(1, service.acknowledged(), "only the order sent before the broker went away");
        } finally {
            broker.close();
        }
    }

    private static int closedPort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}

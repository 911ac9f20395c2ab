package io.datastreamscaling.local.faults;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.datastreamscaling.local.broker.BrokerLogging;
import io.datastreamscaling.local.broker.EmbeddedKafkaBroker;
import io.datastreamscaling.local.broker.testing.Await;
import io.datastreamscaling.local.broker.testing.TestKafka;
import io.datastreamscaling.local.verify.SinkVerdict;
import io.datastreamscaling.local.verify.Verify;
import io.datastreamscaling.producer.ProducerService;
import io.datastreamscaling.shared.config.Env;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The producer service with its only broker gone for longer than {@code delivery.timeout.ms}: sends
 * that cannot be delivered fail and are counted, {@code POST /orders} answers 503, nothing that was
 * not acknowledged is reported as sent, and when the broker comes back (same data, same port) the
 * service recovers by itself. Checked with the delivery verifier against the topic afterwards.
 *
 * <p>Run alone: {@code ./mvnw -pl local/launcher -am -Pfault verify -Dtest=ProducerBrokerLossTest
 * -Dsurefire.failIfNoSpecifiedTests=false}; the figures are the {@code "campaign"} JSON line in
 * {@code local/launcher/target/surefire-reports/*ProducerBrokerLossTest-output.txt}.
 */
@Tag("fault")
class ProducerBrokerLossTest {
    private static final Duration DELIVERY_TIMEOUT = Duration.ofSeconds(5);
    private static final Duration OUTAGE = Duration.ofSeconds(15); // three delivery timeouts
    private static final String ORDER = "{\"userId\":\"user-http\",\"amount\":1.00,\"currency\":\"EUR\"}";
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @Test
    @Timeout(180)
    void withTheBrokerGoneFailuresAreCountedNothingUnacknowledgedIsReportedAndTheServiceRecoversAlone(
            @TempDir Path dataDir, @TempDir Path work) throws Exception {
        BrokerLogging.quietUnlessConfigured();
        int port = freePort();
        EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start(EmbeddedKafkaBroker.Settings.persistent(dataDir, port));
        String topic = TestKafka.uniqueName("orders-broker-loss");
        Path acknowledgements = work.resolve("acknowledged.jsonl");
        ProducerService service = ProducerService.start(Env.of(Map.of(
                "KAFKA_BOOTSTRAP_SERVERS", broker.bootstrapServers(),
                "ORDERS_TOPIC", topic,
                "TOPIC_PARTITIONS", "3",
                "HTTP_PORT", "0",
                "PRODUCER_RATE", "200",
                "PRODUCER_SEND_TIMEOUT_MS", "2000",
                "PRODUCER_CLOSE_TIMEOUT_MS", "10000",
                "PRODUCER_VERIFY_FILE", acknowledgements.toString(),
                "KAFKA_PRODUCER_DELIVERY_TIMEOUT_MS", Long.toString(DELIVERY_TIMEOUT.toMillis()),
                "KAFKA_PRODUCER_REQUEST_TIMEOUT_MS", "2000")));
        try {
            Await.until(Duration.ofSeconds(60), () -> service.acknowledged() >= 500,
                    () -> "500 orders acknowledged before the fault, got " + service.acknowledged());

            // The fault: the only broker stops. Its data and port are kept for the restart.
            broker.close();
            long outageStart = System.nanoTime();
            long acknowledgedAtOutage = service.acknowledged();
            Await.until(Duration.ofSeconds(60), () -> service.failed() > 0,
                    () -> "sends failing once delivery.timeout.ms passed, failed=" + service.failed());
            int statusDuringOutage = post(service, ORDER).statusCode();
            String metrics = get(service, "/metrics").body();
            long remaining = OUTAGE.toNanos() - (System.nanoTime() - outageStart);
            Await.until(Duration.ofNanos(Math.max(0, remaining)).plusSeconds(1),
                    () -> System.nanoTime() - outageStart >= OUTAGE.toNanos(), () -> "outage length");
            long acknowledgedDuringOutage = service.acknowledged() - acknowledgedAtOutage;

            broker = EmbeddedKafkaBroker.start(EmbeddedKafkaBroker.Settings.persistent(dataDir, port));
            long restarted = System.nanoTime();
            long outageMillis = (restarted - outageStart) / 1_000_000;
            long acknowledgedAtRestart = service.acknowledged();
            Await.until(Duration.ofSeconds(90), () -> service.acknowledged() > acknowledgedAtRestart,
                    () -> "acknowledgements again after the broker's return");
            long recoveredMillis = (System.nanoTime() - restarted) / 1_000_000;
            Await.until(Duration.ofSeconds(60), () -> service.acknowledged() >= acknowledgedAtRestart + 500 && service.isReady(),
                    () -> "500 more acknowledged and ready, got " + (service.acknowledged() - acknowledgedAtRestart));
            int statusAfterRecovery = post(service, ORDER).statusCode();

            service.close(); // completes the verification file
            SinkVerdict verdict = Verify.verifyTopic(acknowledgements, broker.bootstrapServers(), topic, true, Duration.ofSeconds(60));
            System.out.println(String.format(Locale.ROOT, "{\"campaign\":\"producer-broker-loss\",\"sent\":%d,\"acknowledged\":%d,"
                            + "\"failed\":%d,\"outageMs\":%d,\"deliveryTimeoutMs\":%d,\"acknowledgedDuringOutage\":%d,"
                            + "\"timeToFirstAckMs\":%d,\"missing\":%d,\"duplicated\":%d,\"unexpected\":%d,"
                            + "\"outOfOrder\":%d}",
                    service.sent(), service.acknowledged(), service.failed(), outageMillis, DELIVERY_TIMEOUT.toMillis(),
                    acknowledgedDuringOutage, recoveredMillis, verdict.missing(),
                    verdict.duplicated(), verdict.result().unexpected().size(), verdict.result().outOfOrder().size()));

            assertEquals(503, statusDuringOutage, "POST /orders while the broker is gone");
            assertTrue(metrics.matches("(?s).*orders_produced_total\\{result=\"failure\",service=\"producer\"} [1-9].*"),
                    "failures counted in orders_produced_total");
            assertEquals(0, acknowledgedDuringOutage, "nothing acknowledged while no broker was there");
            assertEquals(202, statusAfterRecovery, "POST /orders after the broker's return");
            assertEquals(0, verdict.missing(), "every acknowledged order is in the topic: " + verdict.result().missing());
            assertEquals(0, verdict.duplicated(), "idempotence: no duplicates after retries");
            assertEquals(service.acknowledged(), verdict.result().acknowledged(), "the file holds exactly the acknowledged orders");
            // A record the broker appended just before it stopped, whose answer never came back, is in
            // the topic but was reported as failed (the client retries it with the same orderId): that
            // is "unexpected", allowed, and can only be one of the failed sends, never more.
            assertTrue(verdict.result().unexpected().size() <= service.failed(),
                    "unexpected " + verdict.result().unexpected().size() + " <= failed " + service.failed());
            assertEquals(0, verdict.result().outOfOrder().size(), "each user's orders in order");
        } finally {
            service.close();
            broker.close();
        }
    }

    private static HttpResponse<String> post(ProducerService service, String json) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(uri(service, "/orders")).timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(json)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static HttpResponse<String> get(ProducerService service, String path) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(uri(service, path)).GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    private static URI uri(ProducerService service, String path) {
        return URI.create("http://127.0.0.1:" + service.httpPort() + path);
    }

    private static int freePort() throws Exception {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}

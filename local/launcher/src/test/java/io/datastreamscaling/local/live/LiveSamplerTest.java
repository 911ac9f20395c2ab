package io.datastreamscaling.local.live;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.datastreamscaling.shared.http.Health;
import io.datastreamscaling.shared.http.ServiceHttpServer;
import io.datastreamscaling.shared.metrics.ServiceMetrics;
import java.io.IOException;
import java.net.ServerSocket;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

/** The sampler against real HTTP services: what the page is told when a service is down or not ready. */
class LiveSamplerTest {

    @Test
    void aServiceThatDoesNotAnswerIsReportedDownNotShownAsZero() throws IOException {
        int closedPort = freePort();
        LiveEvents events = new LiveEvents();
        events.record("kill", "consumer-1 killed");
        LiveSampler sampler = new LiveSampler(() -> List.of(new ServiceEndpoint(ServiceEndpoint.CONSUMER, "consumer-1", closedPort)),
                OptionalLong::empty, events);

        sampler.sample();

        Map<String, Object> data = sampler.latest();
        Map<?, ?> service = (Map<?, ?>) ((List<?>) data.get("services")).get(0);
        assertEquals(false, service.get("reachable"));
        assertTrue(service.get("problem").toString().startsWith("does not answer"), service.toString());
        assertEquals(0, data.get("consumerInstances"), "an instance that does not answer is not counted");
        assertEquals(null, data.get("rowsStored"), "no store: unknown, not 0");
        assertEquals(1, ((List<?>) data.get("events")).size());
    }

    @Test
    void aServiceThatIsNotReadyIsReportedWithItsFailingCheck() throws IOException {
        Health health = new Health();
        health.addReadinessCheck("database", () -> false);
        try (ServiceMetrics metrics = ServiceMetrics.create("consumer");
             ServiceHttpServer http = ServiceHttpServer.start("consumer", 0, metrics, health)) {
            LiveSampler sampler = new LiveSampler(() -> List.of(new ServiceEndpoint(ServiceEndpoint.CONSUMER, "consumer", http.port())),
                    () -> OptionalLong.of(5), new LiveEvents());

            sampler.sample();

            Map<?, ?> service = (Map<?, ?>) ((List<?>) sampler.latest().get("services")).get(0);
            assertEquals(true, service.get("reachable"));
            assertEquals(false, service.get("ready"));
            assertTrue(service.get("problem").toString().contains("database"), service.toString());
            assertEquals(5L, sampler.latest().get("rowsStored"));
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}

package io.datastreamscaling.shared.http;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.datastreamscaling.shared.metrics.ServiceMetrics;
import java.net.ServerSocket;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The probe Compose runs as a container health check reads the same /health/ready the server serves. */
class HealthProbeTest {
    private static final AtomicBoolean sinkUp = new AtomicBoolean();
    private static ServiceMetrics metrics;
    private static ServiceHttpServer server;

    @BeforeAll
    static void startServer() throws Exception {
        Health health = new Health();
        health.addReadinessCheck("sink", sinkUp::get);
        metrics = ServiceMetrics.create("probe-test");
        server = ServiceHttpServer.start("probe-test", 0, metrics, health);
    }

    @AfterAll
    static void stopServer() {
        server.close();
        metrics.close();
    }

    @Test
    void readyServiceIsHealthy() {
        sinkUp.set(true);

        assertTrue(HealthProbe.check(url("/health/ready")));
    }

    @Test
    void notReadyServiceIsUnhealthy() {
        sinkUp.set(false);

        assertFalse(HealthProbe.check(url("/health/ready")), "503 from /health/ready must fail the probe");
    }

    @Test
    void unknownPathIsUnhealthy() {
        assertFalse(HealthProbe.check(url("/health/nope")));
    }

    @Test
    void nobodyListeningIsUnhealthy() throws Exception {
        int freePort;
        try (ServerSocket socket = new ServerSocket(0)) {
            freePort = socket.getLocalPort();
        }

        assertFalse(HealthProbe.check("http://127.0.0.1:" + freePort + "/health/ready"));
    }

    private static String url(String path) {
        return "http://127.0.0.1:" + server.port() + path;
    }
}

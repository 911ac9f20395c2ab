package io.datastreamscaling.shared.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.datastreamscaling.shared.metrics.ServiceMetrics;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The shared HTTP server against clients that send slowly, never finish, declare huge bodies, crowd
 * a slow route or put line breaks in their path: the probes keep answering at once.
 */
class HostileClientsTest {
    /** More slow connections than the old fixed pool had threads (16). */
    private static final int SLOW_CONNECTIONS = 64;
    private static final Duration PROBE_BOUND = Duration.ofSeconds(1);

    private static final List<CompletableFuture<Void>> heldAnswers = new CopyOnWriteArrayList<>();
    private static ServiceMetrics metrics;
    private static ServiceHttpServer server;
    private static InFlightLimit limit;

    @BeforeAll
    static void start() throws Exception {
        metrics = ServiceMetrics.create("hostile-test");
        server = ServiceHttpServer.start("hostile-test", 0, metrics, new Health());
        server.route("POST", "/echo", exchange -> HttpExchanges.send(exchange, 200, "text/plain",
                HttpExchanges.readBody(exchange, 16)));
        server.routeBelow("POST", "/echo-below", exchange -> HttpExchanges.send(exchange, 200, "text/plain",
                HttpExchanges.readBody(exchange, 1_000)));
        limit = new InFlightLimit(2, 1);
        // Answers only when the test completes the held future: stands for a route waiting on Kafka.
        server.routeAsync("POST", "/held", limit, exchange -> {
            HttpExchanges.readBody(exchange, 100);
            CompletableFuture<Void> held = new CompletableFuture<>();
            heldAnswers.add(held);
            return held.thenRun(() -> {
                try {
                    HttpExchanges.sendText(exchange, 200, "text/plain", "done");
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        });
    }

    @AfterAll
    static void stop() {
        server.close();
        metrics.close();
    }

    @Test
    void slowConnectionsDoNotDelayTheLivenessProbe() throws Exception {
        List<Socket> slow = openSlowConnections(SLOW_CONNECTIONS, "GET /health/live HTTP/1.1\r\nHo");
        try {
            long started = System.nanoTime();
            HttpResponse<String> live = freshGet("/health/live");
            Duration took = Duration.ofNanos(System.nanoTime() - started);

            assertEquals(200, live.statusCode());
            assertTrue(took.compareTo(PROBE_BOUND) < 0, "/health/live took " + took.toMillis() + " ms behind "
                    + SLOW_CONNECTIONS + " slow connections");
        } finally {
            closeAll(slow);
        }
    }

    @Test
    void aPathBelowAnExactRouteIsNotFound() throws Exception {
        assertEquals(404, freshGet("/health/live/anything/below").statusCode());
        assertEquals(404, freshGet("/metrics/x").statusCode());
        assertEquals(200, freshGet("/health/live").statusCode());
    }

    @Test
    void hugeDeclaredBodiesGet413AndTheirConnectionsClosedWithoutHoldingThreads() throws Exception {
        List<Socket> sockets = new ArrayList<>();
        try {
            for (int i = 0; i < SLOW_CONNECTIONS; i++) {
                Socket socket = new Socket("127.0.0.1", server.port());
                socket.setSoTimeout(5_000);
                socket.getOutputStream().write(("POST /echo HTTP/1.1\r\nHost: x\r\nContent-Length: 1000000000\r\n\r\nabc")
                        .getBytes(StandardCharsets.US_ASCII));
                sockets.add(socket);
            }
            for (Socket socket : sockets) {
                String answer = readUntilClosed(socket);
                assertTrue(answer.startsWith("HTTP/1.1 413"), answer);
            }
            long started = System.nanoTime();
            assertEquals(200, freshGet("/health/live").statusCode());
            assertTrue(System.nanoTime() - started < PROBE_BOUND.toNanos(), "the probe waited behind the 413s");
        } finally {
            closeAll(sockets);
        }
    }

    @Test
    void pastTheInFlightLimitARequestGets503WithRetryAfterAtOnce() throws Exception {
        HttpClient client = HttpClient.newHttpClient();
        List<CompletableFuture<HttpResponse<String>>> admitted = new ArrayList<>();
        for (int i = 0; i < limit.limit(); i++) {
            admitted.add(client.sendAsync(post("/held"), HttpResponse.BodyHandlers.ofString()));
        }
        awaitInFlight(limit.limit());

        HttpResponse<String> refused = client.send(post("/held"), HttpResponse.BodyHandlers.ofString());
        answerHeld(limit.limit());

        assertEquals(503, refused.statusCode(), refused.body());
        assertEquals("1", refused.headers().firstValue("Retry-After").orElse("none"));
        for (CompletableFuture<HttpResponse<String>> response : admitted) {
            assertEquals(200, response.get(10, TimeUnit.SECONDS).statusCode());
        }
        awaitInFlight(0);
        CompletableFuture<HttpResponse<String>> later = client.sendAsync(post("/held"), HttpResponse.BodyHandlers.ofString());
        awaitInFlight(1);
        answerHeld(1);
        assertEquals(200, later.get(10, TimeUnit.SECONDS).statusCode(), "the permits came back");
    }

    @Test
    void anAbortedRequestIsOneEscapedLogLineWithoutStackTrace() throws Exception {
        String log = captureStandardError(() -> {
            try (Socket socket = new Socket("127.0.0.1", server.port())) {
                socket.getOutputStream().write(("POST /echo-below/x%0D%0A%5Bmain%5D%20ERROR%20forged HTTP/1.1\r\nHost: x\r\n"
                        + "Content-Length: 500\r\n\r\nonly a part").getBytes(StandardCharsets.US_ASCII));
                socket.getOutputStream().flush();
                // the client goes away mid-body
            }
            awaitLogLine();
        });

        List<String> lines = log.lines().filter(line -> !line.isBlank()).toList();
        assertEquals(1, lines.size(), "one line:\n" + log);
        assertTrue(lines.get(0).contains("aborted"), log);
        assertTrue(lines.get(0).contains("x\\u000d\\u000a[main] ERROR forged"), log);
        assertFalse(log.contains("\tat "), "no stack trace:\n" + log);
    }

    @Test
    void logTextHasNoLineBreaksOrDirectionOverrides() {
        assertEquals("/orders\\u000a2026 ERROR x\\u202e", HttpExchanges.forLog("/orders\n2026 ERROR x\u202e"));
        assertEquals("a\\u005cu000ab", HttpExchanges.forLog("a\\u000ab"), "a literal backslash cannot pass for an escape");
        assertTrue(HttpExchanges.forLog("y".repeat(5_000)).length() < 300);
    }

    @Test
    void silentAndSlowConnectionsAreClosedByTheServer() throws Exception {
        List<Socket> sockets = new ArrayList<>(openSlowConnections(1, "GET /health/live HTTP/1.1\r\nHo"));
        Socket silent = new Socket("127.0.0.1", server.port());
        sockets.add(silent);
        try {
            Duration bound = Duration.ofSeconds(HttpServerTuning.MAX_REQUEST_SECONDS + 5);
            for (Socket socket : sockets) {
                socket.setSoTimeout((int) bound.toMillis());
                try {
                    readUntilClosed(socket);
                } catch (SocketTimeoutException e) {
                    throw new AssertionError("the server kept a slow or silent connection open longer than " + bound, e);
                }
            }
        } finally {
            closeAll(sockets);
        }
    }

    private static List<Socket> openSlowConnections(int count, String partialRequest) throws IOException {
        List<Socket> sockets = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            Socket socket = new Socket("127.0.0.1", server.port());
            OutputStream out = socket.getOutputStream();
            out.write(partialRequest.getBytes(StandardCharsets.US_ASCII));
            out.flush();
            sockets.add(socket);
        }
        return sockets;
    }

    private static String readUntilClosed(Socket socket) throws IOException {
        ByteArrayOutputStream answer = new ByteArrayOutputStream();
        InputStream in = socket.getInputStream();
        byte[] buffer = new byte[4096];
        try {
            for (int n; (n = in.read(buffer)) >= 0; ) {
                answer.write(buffer, 0, n);
            }
        } catch (SocketException reset) {
            // closed with unread bytes in its buffer: a reset, which is a close too
        }
        return answer.toString(StandardCharsets.US_ASCII);
    }

    private static void closeAll(List<Socket> sockets) {
        for (Socket socket : sockets) {
            try {
                socket.close();
            } catch (IOException ignored) {
                // already closed by the server
            }
        }
    }

    private static HttpResponse<String> freshGet(String path) throws Exception {
        // A new client each time: a fresh connection, as a Kubernetes probe makes.
        HttpClient client = HttpClient.newBuilder().connectTimeout(PROBE_BOUND.multipliedBy(5)).build();
        return client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path))
                .timeout(PROBE_BOUND.multipliedBy(5)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static HttpRequest post(String path) {
        return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path))
                .timeout(Duration.ofSeconds(10)).POST(HttpRequest.BodyPublishers.ofString("x")).build();
    }

    private static void awaitInFlight(int expected) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (limit.inFlight() != expected) {
            assertTrue(System.nanoTime() < deadline, "in flight: " + limit.inFlight() + ", expected " + expected);
            Thread.sleep(10);
        }
    }

    /**
     * The server counts a request in flight (its permit) before the route has added its future to
     * {@link #heldAnswers}: completing only the futures already there left a late one unanswered until
     * its client timed out (seen under load). So wait for {@code count} unanswered futures first.
     */
    private static void answerHeld(int count) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (heldAnswers.stream().filter(answer -> !answer.isDone()).count() < count) {
            assertTrue(System.nanoTime() < deadline, "held routes: " + heldAnswers + ", expected " + count + " unanswered");
            Thread.sleep(10);
        }
        heldAnswers.forEach(answer -> answer.complete(null));
    }

    private static volatile ByteArrayOutputStream captured;

    private static void awaitLogLine() throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!captured.toString(StandardCharsets.UTF_8).contains("aborted")) {
            assertTrue(System.nanoTime() < deadline, "no 'aborted' line logged within 10 s:\n" + captured);
            Thread.sleep(10);
        }
    }

    private interface Action {
        void run() throws Exception;
    }

    private static synchronized String captureStandardError(Action action) throws Exception {
        PrintStream original = System.err;
        captured = new ByteArrayOutputStream();
        System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
        try {
            action.run();
        } finally {
            System.setErr(original);
        }
        return captured.toString(StandardCharsets.UTF_8);
    }
}

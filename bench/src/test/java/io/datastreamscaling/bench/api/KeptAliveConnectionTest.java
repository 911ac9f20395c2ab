package io.datastreamscaling.bench.api;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The bench's HTTP/1.1 client against the JDK server our services use: framing, keep-alive, and counting reconnects. */
class KeptAliveConnectionTest {
    private static HttpServer server;
    private static InetSocketAddress address;

    @BeforeAll
    static void startServer() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 8);
        server.createContext("/fixed", exchange -> {
            byte[] body = "{\"status\":\"UP\"}".getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(200, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        });
        server.createContext("/chunked", exchange -> {
            exchange.sendResponseHeaders(202, 0);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write("first,".getBytes(StandardCharsets.UTF_8));
                out.flush();
                out.write("second".getBytes(StandardCharsets.UTF_8));
            }
        });
        server.createContext("/closing", exchange -> {
            exchange.getResponseHeaders().set("Connection", "close");
            exchange.sendResponseHeaders(200, -1);
            exchange.close();
        });
        server.start();
        address = new InetSocketAddress(InetAddress.getLoopbackAddress(), server.getAddress().getPort());
    }

    @AfterAll
    static void stopServer() {
        server.stop(0);
    }

    @Test
    void readsFixedLengthAndChunkedAnswersOnOneKeptAliveConnection() throws IOException {
        try (KeptAliveConnection connection = new KeptAliveConnection(address, Duration.ofSeconds(10))) {
            for (int i = 0; i < 20; i++) {
                KeptAliveConnection.Response fixed = connection.exchange(get("/fixed"));
                assertEquals(200, fixed.status());
                assertEquals("{\"status\":\"UP\"}", fixed.text());
                KeptAliveConnection.Response chunked = connection.exchange(post("/chunked", "{}"));
                assertEquals(202, chunked.status());
                assertEquals("first,second", chunked.text());
            }
            assertEquals(1, connection.connectionsOpened(), "every request on the one kept-alive connection");
        }
    }

    @Test
    void countsEveryConnectionTheServerClosedAndReopens() throws IOException {
        try (KeptAliveConnection connection = new KeptAliveConnection(address, Duration.ofSeconds(10))) {
            for (int i = 0; i < 3; i++) {
                assertEquals(200, connection.exchange(get("/closing")).status());
            }
            assertEquals(200, connection.exchange(get("/fixed")).status());
            assertEquals(4, connection.connectionsOpened(), "three connections the server closed after one answer each, and one for the last request");
        }
    }

    private static byte[] get(String path) {
        return ("GET " + path + " HTTP/1.1\r\nHost: localhost\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1);
    }

    private static byte[] post(String path, String json) {
        return ("POST " + path + " HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\nContent-Length: "
                + json.length() + "\r\n\r\n" + json).getBytes(StandardCharsets.ISO_8859_1);
    }
}

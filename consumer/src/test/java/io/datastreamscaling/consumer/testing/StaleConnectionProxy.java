package io.datastreamscaling.consumer.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A TCP forwarder that hides from the client that the server closed a connection: the client's side
 * stays open, and the next request on it is answered by the connection closing. That is what a
 * client sees when its request goes out on a pooled keep-alive connection just as the server closes
 * it (ClickHouse after {@code keep_alive_timeout}), stretched from a few milliseconds to as long as
 * the test needs. It happens by chance there; here on every connection the server closes.
 */
public final class StaleConnectionProxy implements AutoCloseable {
    private final ServerSocket server;
    private final String targetHost;
    private final int targetPort;
    private final AtomicInteger connections = new AtomicInteger();
    private final AtomicInteger closedByServer = new AtomicInteger();
    private volatile boolean refuseNew;

    public StaleConnectionProxy(String targetHost, int targetPort) throws IOException {
        this.server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        this.targetHost = targetHost;
        this.targetPort = targetPort;
        daemon(this::acceptLoop, "stale-proxy-accept");
    }

    public String hostAndPort() {
        return "127.0.0.1:" + server.getLocalPort();
    }

    /** Connections the client opened, refused ones included. */
    public int connections() {
        return connections.get();
    }

    /** Connections the server closed (the client was not told). */
    public int closedByServer() {
        return closedByServer.get();
    }

    /** New connections are closed as soon as they arrive: the server is away. */
    public void refuseNew() {
        refuseNew = true;
    }

    private void acceptLoop() {
        while (!server.isClosed()) {
            try {
                Socket client = server.accept();
                connections.incrementAndGet();
                if (refuseNew) {
                    client.close();
                    continue;
                }
                Socket upstream = new Socket(targetHost, targetPort);
                daemon(() -> toServer(client, upstream), "stale-proxy-to-server");
                daemon(() -> toClient(upstream, client), "stale-proxy-to-client");
            } catch (IOException e) {
                // the proxy closed, or the server refused: the client sees a dropped connection
            }
        }
    }

    private void toServer(Socket client, Socket upstream) {
        byte[] buffer = new byte[16 * 1024];
        try (client; upstream; InputStream in = client.getInputStream(); OutputStream out = upstream.getOutputStream()) {
            for (int n; (n = in.read(buffer)) >= 0; ) {
                if (upstream.isClosed()) {
                    return; // a request on a connection the server closed: no answer, the connection closes
                }
                out.write(buffer, 0, n);
            }
        } catch (IOException e) {
            // either side closed
        }
    }

    private void toClient(Socket upstream, Socket client) {
        byte[] buffer = new byte[16 * 1024];
        try {
            InputStream in = upstream.getInputStream();
            OutputStream out = client.getOutputStream();
            for (int n; (n = in.read(buffer)) >= 0; ) {
                out.write(buffer, 0, n);
            }
            upstream.close();
            closedByServer.incrementAndGet(); // and the client's side stays open
        } catch (IOException e) {
            // the client closed, and toServer with it the server's side
        }
    }

    private static void daemon(Runnable task, String name) {
        Thread thread = new Thread(task, name);
        thread.setDaemon(true);
        thread.start();
    }

    @Override
    public void close() throws IOException {
        server.close();
    }
}

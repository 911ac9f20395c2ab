package io.datastreamscaling.shared.http;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The JDK {@code HttpServer}'s own limits, which it reads from system properties once, when the
 * first server of the JVM is created ({@code sun.net.httpserver.ServerConfig}'s static
 * initialiser): so they are set here, before {@link ServiceHttpServer} creates its server, and a
 * value already given on the command line ({@code -Dsun.net.httpserver.maxReqTime=…}) wins.
 *
 * <p>Without them the server never closes a connection that sends its request slowly or not at all,
 * and a response leaves in two TCP writes (headers, then body) that Nagle's algorithm holds back
 * until the client's delayed acknowledgement: about 40 ms per request on a kept-alive connection.
 */
final class HttpServerTuning {
    /** A request (headers and body) must arrive within this many seconds, or its connection is closed. */
    static final int MAX_REQUEST_SECONDS = 10;
    /**
     * A response must be written within this many seconds of the request's end. Longer than any
     * answer may wait for Kafka ({@code PRODUCER_SEND_TIMEOUT_MS} is at most 60 s).
     */
    static final int MAX_RESPONSE_SECONDS = 90;
    /** A kept-alive connection with no request for this many seconds is closed. */
    static final int IDLE_SECONDS = 30;
    /** Kept-alive idle connections beyond this are closed at once (each costs a socket, no thread). */
    static final int MAX_IDLE_CONNECTIONS = 500;
    /** Open connections beyond this are closed on accept: file descriptors are finite. */
    static final int MAX_CONNECTIONS = 3_000;

    private HttpServerTuning() {
    }

    static Map<String, String> properties() {
        Map<String, String> properties = new LinkedHashMap<>();
        // Slow or silent senders (slowloris) each pin a server thread while it reads their request;
        // this closes them. It also bounds a connection that was accepted and never sent a byte.
        properties.put("sun.net.httpserver.maxReqTime", Integer.toString(MAX_REQUEST_SECONDS));
        // A client that never reads its response cannot hold the writing thread forever.
        properties.put("sun.net.httpserver.maxRspTime", Integer.toString(MAX_RESPONSE_SECONDS));
        properties.put("sun.net.httpserver.idleInterval", Integer.toString(IDLE_SECONDS));
        properties.put("sun.net.httpserver.maxIdleConnections", Integer.toString(MAX_IDLE_CONNECTIONS));
        properties.put("jdk.httpserver.maxConnections", Integer.toString(MAX_CONNECTIONS));
        // An unread request body (the 413 of a 1 GB Content-Length, a 401 before the body) is not
        // drained: the connection is closed instead. Draining would block a thread reading what a
        // hostile client may send one byte a second. A body the route read to its end is not affected.
        properties.put("sun.net.httpserver.drainAmount", "0");
        // TCP_NODELAY: the headers and the body of a response go out at once, not 40 ms apart.
        properties.put("sun.net.httpserver.nodelay", "true");
        return properties;
    }

    /** Sets each property that is not set yet; call before the JVM's first {@code HttpServer.create}. */
    static void apply() {
        properties().forEach((name, value) -> {
            if (System.getProperty(name) == null) {
                System.setProperty(name, value);
            }
        });
    }
}

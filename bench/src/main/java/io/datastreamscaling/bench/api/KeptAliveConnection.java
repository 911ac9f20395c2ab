package io.datastreamscaling.bench.api;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Locale;

/**
 * One HTTP/1.1 connection kept alive from request to request, as a load balancer, an ingress or
 * Java's {@code HttpClient} keeps one to a backend.
 *
 * <p>A raw socket rather than {@code java.net.http.HttpClient}, so the bench knows exactly what is on
 * the wire and measures the server only: each request leaves in one write with {@code TCP_NODELAY}
 * set (the client adds no Nagle delay of its own), there is exactly one connection per client and
 * no pool or executor hop between the caller and the socket, and a connection the server closes is
 * seen and counted ({@link #connectionsOpened()}) instead of being replaced silently: a "kept-alive"
 * figure measured over fresh connections would be a different figure.
 */
final class KeptAliveConnection implements AutoCloseable {
    private final InetSocketAddress address;
    private final int readTimeoutMillis;
    private Socket socket;
    private InputStream in;
    private OutputStream out;
    private int connectionsOpened;

    /** The status and body of one answer. */
    record Response(int status, byte[] body) {
        String text() {
            return new String(body, StandardCharsets.UTF_8);
        }
    }

    KeptAliveConnection(InetSocketAddress address, Duration readTimeout) {
        this.address = address;
        this.readTimeoutMillis = (int) readTimeout.toMillis();
    }

    /** Sends one complete request (head and body in one array, so in one write) and reads its answer. */
    Response exchange(byte[] request) throws IOException {
        if (socket == null) {
            open();
        }
        out.write(request);
        out.flush();
        return readResponse();
    }

    /** How many TCP connections this client has opened: 1 while the server keeps it alive. */
    int connectionsOpened() {
        return connectionsOpened;
    }

    private void open() throws IOException {
        Socket s = new Socket();
        s.setTcpNoDelay(true);
        s.setSoTimeout(readTimeoutMillis);
        s.connect(address, readTimeoutMillis);
        socket = s;
        in = new BufferedInputStream(s.getInputStream(), 8192);
        out = s.getOutputStream();
        connectionsOpened++;
    }

    private Response readResponse() throws IOException {
        String statusLine = line();
        String[] parts = statusLine.split(" ", 3);
        if (parts.length < 2 || !parts[0].startsWith("HTTP/1.")) {
            throw new IOException("not an HTTP/1.x status line: " + statusLine);
        }
        int status = Integer.parseInt(parts[1]);
        long contentLength = -1;
        boolean chunked = false;
        boolean close = parts[0].equals("HTTP/1.0");
        for (String header = line(); !header.isEmpty(); header = line()) {
            int colon = header.indexOf(':');
            if (colon < 0) {
                continue;
            }
            String name = header.substring(0, colon).trim().toLowerCase(Locale.ROOT);
            String value = header.substring(colon + 1).trim();
            switch (name) {
                case "content-length" -> contentLength = Long.parseLong(value);
                case "transfer-encoding" -> chunked = value.toLowerCase(Locale.ROOT).contains("chunked");
                case "connection" -> close = value.equalsIgnoreCase("close");
                default -> {
                    // other headers do not frame the body
                }
            }
        }
        byte[] body = chunked ? chunkedBody() : contentLength >= 0 ? in.readNBytes((int) contentLength) : new byte[0];
        if (close) {
            // The server ends the connection after this answer: the next request opens a new one (counted).
            closeSocket();
        }
        return new Response(status, body);
    }

    private byte[] chunkedBody() throws IOException {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        while (true) {
            String sizeLine = line();
            int size = Integer.parseInt(sizeLine.split(";", 2)[0].trim(), 16);
            if (size == 0) {
                for (String trailer = line(); !trailer.isEmpty(); trailer = line()) {
                    // trailers carry nothing the bench reads
                }
                return body.toByteArray();
            }
            byte[] chunk = in.readNBytes(size);
            if (chunk.length < size) {
                throw new EOFException("connection closed inside a chunk");
            }
            body.write(chunk);
            line();
        }
    }

    /** One CRLF-terminated header line (ISO-8859-1, as HTTP/1.1 heads are). */
    private String line() throws IOException {
        StringBuilder line = new StringBuilder();
        while (true) {
            int b = in.read();
            if (b < 0) {
                throw new EOFException("the server closed the connection" + (line.length() > 0 ? " after '" + line + "'" : ""));
            }
            if (b == '\n') {
                int end = line.length();
                return end > 0 && line.charAt(end - 1) == '\r' ? line.substring(0, end - 1) : line.toString();
            }
            line.append((char) b);
        }
    }

    private void closeSocket() throws IOException {
        if (socket != null) {
            socket.close();
            socket = null;
        }
    }

    @Override
    public void close() throws IOException {
        closeSocket();
    }
}

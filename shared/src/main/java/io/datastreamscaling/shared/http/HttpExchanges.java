package io.datastreamscaling.shared.http;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.sun.net.httpserver.HttpExchange;
import io.datastreamscaling.shared.order.OrderJson;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.WeakHashMap;

/** Small helpers for reading requests and writing answers on the JDK {@code HttpServer}. */
public final class HttpExchanges {
    private HttpExchanges() {
    }

    /** Thrown when a body is longer than allowed; answered with 413. */
    public static final class BodyTooLargeException extends IOException {
        public BodyTooLargeException(int limit) {
            super("body is larger than " + limit + " bytes");
        }
    }

    /** Reads at most {@code limit} bytes: a 10 MB body is refused without buffering 10 MB. */
    public static byte[] readBody(HttpExchange exchange, int limit) throws IOException {
        String declared = exchange.getRequestHeaders().getFirst("Content-Length");
        if (declared != null) {
            try {
                if (Long.parseLong(declared.trim()) > limit) {
                    throw new BodyTooLargeException(limit);
                }
            } catch (NumberFormatException ignored) {
                // a bad Content-Length is the server's concern; fall through to the bounded read
            }
        }
        BODIES_READ.put(exchange, Boolean.TRUE);
        long length = declaredLength(exchange);
        try (InputStream in = exchange.getRequestBody()) {
            if (length >= 0) {
                // The usual case, a fixed length within the limit: one array of exactly that size
                // instead of a copy buffer, a growing buffer and the copy out of it, per order.
                return in.readNBytes((int) length);
            }
            ByteArrayOutputStream out = new ByteArrayOutputStream(Math.min(limit, 4096));
            byte[] buffer = new byte[8192];
            int total = 0;
            for (int n; (n = in.read(buffer)) > 0; ) {
                total += n;
                if (total > limit) {
                    throw new BodyTooLargeException(limit);
                }
                out.write(buffer, 0, n);
            }
            return out.toByteArray();
        }
    }

    private static final int MAX_LOGGED_CHARS = 200;
    // Which exchanges' bodies were read, per exchange. Not HttpExchange.setAttribute: on JDK 17 an
    // exchange's attributes are its context's, shared by every later request on the same path, so one
    // read body marked all of them read; their unread bodies then closed kept-alive connections without
    // a "Connection: close", and the client's next request on such a connection was reset (seen about
    // once in 30 error answers). Weak keys: an exchange is forgotten once the server drops it.
    private static final Map<HttpExchange, Boolean> BODIES_READ = Collections.synchronizedMap(new WeakHashMap<>());
    private static final long SMALL_BODY_BYTES = 64 * 1024;
    private static final long MAX_DROPPED_BYTES = 1024 * 1024;

    /**
     * Request data (path, method, header values) made safe for one log line: control characters
     * (CR and LF above all, which a client can send percent-encoded to forge a line of its own),
     * Unicode line separators and bidirectional overrides become {@code \\uXXXX}, and more than
     * 200 characters are cut.
     */
    public static String forLog(String text) {
        if (text == null) {
            return "null";
        }
        int length = Math.min(text.length(), MAX_LOGGED_CHARS);
        StringBuilder out = new StringBuilder(length + 16);
        for (int i = 0; i < length; i++) {
            char c = text.charAt(i);
            if (c < 0x20 || (c >= 0x7f && c <= 0x9f) || c == '\\' || isInvisibleFormatting(c)) {
                out.append(String.format("\\u%04x", (int) c));
            } else {
                out.append(c);
            }
        }
        if (text.length() > MAX_LOGGED_CHARS) {
            out.append("…(").append(text.length()).append(" chars)");
        }
        return out.toString();
    }

    private static boolean isInvisibleFormatting(char c) {
        return c == '\u2028' || c == '\u2029'                 // line and paragraph separators
                || (c >= '\u202a' && c <= '\u202e')          // bidi embeddings and overrides
                || (c >= '\u2066' && c <= '\u2069')          // bidi isolates
                || c == '\u200e' || c == '\u200f' || c == '\u061c'; // direction marks
    }

    /**
     * An answer before the body was read (401, 405, 415, 413): a body of at most 64 KiB is read and
     * dropped, so the connection stays usable; true then. A larger or chunked one is not waited for
     * (a 1 GB Content-Length must not hold a thread); only the bytes already arrived are dropped,
     * so that closing the connection does not reset it before the client has read the answer.
     */
    private static boolean discardSmallBody(HttpExchange exchange) {
        byte[] buffer = new byte[8192];
        InputStream in = exchange.getRequestBody();
        try {
            long declared = declaredLength(exchange);
            if (declared >= 0 && declared <= SMALL_BODY_BYTES) {
                while (in.read(buffer) >= 0) {
                    // dropped; a slow sender is bounded by the server's request time limit
                }
                BODIES_READ.put(exchange, Boolean.TRUE);
                return true;
            }
            long dropped = 0;
            for (int n; dropped < MAX_DROPPED_BYTES && in.available() > 0 && (n = in.read(buffer)) > 0; ) {
                dropped += n;
            }
        } catch (IOException e) {
            // the client went away: the connection is closed anyway
        }
        return false;
    }

    private static long declaredLength(HttpExchange exchange) {
        String length = exchange.getRequestHeaders().getFirst("Content-Length");
        if (length == null || exchange.getRequestHeaders().getFirst("Transfer-Encoding") != null) {
            return -1;
        }
        try {
            return Long.parseLong(length.trim());
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    private static boolean hasUnreadBody(HttpExchange exchange) {
        if (BODIES_READ.containsKey(exchange)) {
            return false;
        }
        String length = exchange.getRequestHeaders().getFirst("Content-Length");
        return exchange.getRequestHeaders().getFirst("Transfer-Encoding") != null
                || (length != null && !length.trim().equals("0"));
    }

    /**
     * Answers that are maps of strings, numbers and booleans (health, errors, the 202 of an order) are
     * written with Jackson's streaming generator, not the mapper: the same bytes, but the mapper's
     * first use loads databind (about 1,000 classes: 0.7 to 1.4 s of a first probe or order on these
     * 2-core machines, and memory the producer needs for nothing else).
     */
    private static final JsonFactory ANSWERS = new JsonFactory();
    private static final int ANSWER_SIZE_HINT = 128;

    public static void sendJson(HttpExchange exchange, int status, Object body) throws IOException {
        byte[] bytes;
        try {
            bytes = body instanceof Map<?, ?> map && isPlain(map) ? writePlain(map) : OrderJson.mapper().writeValueAsBytes(body);
        } catch (JsonProcessingException e) {
            bytes = "{\"error\":\"response could not be encoded\"}".getBytes(StandardCharsets.UTF_8);
            status = 500;
        }
        send(exchange, status, "application/json", bytes);
    }

    /** True for a map whose keys are strings and whose values are null, strings, ints, longs, booleans or such maps. */
    private static boolean isPlain(Map<?, ?> map) {
        for (Map.Entry<?, ?> entry : map.entrySet()) {
            Object value = entry.getValue();
            boolean plain = value == null || value instanceof String || value instanceof Integer || value instanceof Long
                    || value instanceof Boolean || (value instanceof Map<?, ?> inner && isPlain(inner));
            if (!(entry.getKey() instanceof String) || !plain) {
                return false;
            }
        }
        return true;
    }

    private static byte[] writePlain(Map<?, ?> map) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream(ANSWER_SIZE_HINT);
        try (JsonGenerator json = ANSWERS.createGenerator(out)) {
            writePlain(json, map);
        }
        return out.toByteArray();
    }

    private static void writePlain(JsonGenerator json, Map<?, ?> map) throws IOException {
        json.writeStartObject();
        for (Map.Entry<?, ?> entry : map.entrySet()) {
            json.writeFieldName((String) entry.getKey());
            Object value = entry.getValue();
            if (value instanceof Map<?, ?> inner) {
                writePlain(json, inner);
            } else if (value instanceof String text) {
                json.writeString(text);
            } else if (value instanceof Integer number) {
                json.writeNumber(number);
            } else if (value instanceof Long number) {
                json.writeNumber(number);
            } else if (value instanceof Boolean flag) {
                json.writeBoolean(flag);
            } else {
                json.writeNull();
            }
        }
        json.writeEndObject();
    }

    /** {@code {"error": message}}; never a stack trace. */
    public static void sendError(HttpExchange exchange, int status, String message) throws IOException {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("status", status);
        body.put("error", message);
        sendJson(exchange, status, body);
    }

    public static void sendText(HttpExchange exchange, int status, String contentType, String text) throws IOException {
        send(exchange, status, contentType, text.getBytes(StandardCharsets.UTF_8));
    }

    public static void send(HttpExchange exchange, int status, String contentType, byte[] body) throws IOException {
        exchange.getResponseHeaders().set("Content-Type", contentType);
        exchange.getResponseHeaders().set("X-Content-Type-Options", "nosniff");
        if (hasUnreadBody(exchange) && !discardSmallBody(exchange)) {
            // The server closes a connection whose request body was not read (it does not drain
            // it): say so, or the client would send its next request into a closing connection.
            exchange.getResponseHeaders().set("Connection", "close");
        }
        if ("HEAD".equals(exchange.getRequestMethod())) {
            exchange.sendResponseHeaders(status, -1);
            exchange.close();
            return;
        }
        exchange.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
        }
    }
}

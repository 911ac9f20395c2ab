package io.datastreamscaling.consumer.sink.clickhouse;

import io.datastreamscaling.consumer.sink.SinkUnavailableException;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.regex.Pattern;

/**
 * ClickHouse's HTTP interface through the JDK's {@link HttpClient}: a statement is a POST, an
 * INSERT carries its rows as the body. Works with every server from 18.16 on (the official Java
 * client speaks a newer protocol and does not).
 *
 * <p>A call either gets HTTP 200 (the statement ran; for an INSERT the whole block is stored) or
 * throws {@link SinkUnavailableException}: the server is down, slow or answered with an exception.
 *
 * <p>The client keeps idle connections for 20 minutes; ClickHouse closes one idle for its
 * {@code keep_alive_timeout} (3 s on 18.16, 10 s on current servers). A request that goes out on a
 * pooled connection the server is closing, before the client has noticed, gets no answer, and the
 * JDK retries no POST: {@link #send} sends such a request once more, at once, on a new connection.
 */
final class ClickHouseHttp {
    /** Unknown user, wrong password, required password, authentication failed: retrying will not help. */
    private static final Pattern REFUSED = Pattern.compile("^Code: (192|193|194|516)\\b");

    private final ClickHouseSettings settings;
    private final HttpClient client;

    ClickHouseHttp(ClickHouseSettings settings) {
        this.settings = settings;
        this.client = HttpClient.newBuilder()
                // ClickHouse speaks HTTP/1.1 only: no h2c upgrade attempt on every new connection.
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(settings.timeout())
                .build();
    }

    /** Runs a statement (DDL or SELECT) and returns the body of the answer. */
    String execute(String sql) throws SinkUnavailableException, RefusedException {
        return send(settings.url().resolve("/"), HttpRequest.BodyPublishers.ofString(sql, StandardCharsets.UTF_8));
    }

    /** {@code insert} ({@code INSERT INTO ... FORMAT TabSeparated}) with {@code rows} as its data: one block. */
    void insert(String insert, byte[] rows) throws SinkUnavailableException, RefusedException {
        URI uri = settings.url().resolve("/?query=" + URLEncoder.encode(insert, StandardCharsets.UTF_8));
        send(uri, HttpRequest.BodyPublishers.ofByteArray(rows));
    }

    private String send(URI uri, HttpRequest.BodyPublisher body) throws SinkUnavailableException, RefusedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri).timeout(settings.timeout()).POST(body);
        // Basic auth works on every server version; the password never appears in a URL or log line.
        String credentials = settings.user() + ":" + settings.password().orElse("");
        request.header("Authorization", "Basic " + Base64.getEncoder().encodeToString(credentials.getBytes(StandardCharsets.UTF_8)));
        HttpResponse<String> response;
        try {
            response = sendRetryingAStaleConnection(request.build());
        } catch (IOException e) {
            throw new SinkUnavailableException("ClickHouse at " + settings.url() + " not reachable: " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SinkUnavailableException("interrupted while calling ClickHouse", e);
        }
        if (response.statusCode() == 200) {
            return response.body();
        }
        String error = firstLine(response.body());
        if (response.statusCode() == 401 || response.statusCode() == 403 || REFUSED.matcher(error).find()) {
            throw new RefusedException("ClickHouse at " + settings.url() + " refused user " + settings.user() + ": " + error);
        }
        throw new SinkUnavailableException("ClickHouse answered HTTP " + response.statusCode() + ": " + error, null);
    }

    /**
     * Sends twice at most. Not retried: a connect failure (a new connection: the server is away) and a
     * timeout (the server has the request and is slow); both become an outage at once, as before. Any
     * other I/O error is what a pooled connection the server closed gives, so the request goes again:
     * the failed connection is closed and out of the pool, and as the sink calls one at a time it was
     * the only one there, so the second attempt opens a new connection. The first attempt may have been
     * stored with only its answer lost: an INSERT stored twice is a duplicate by {@code order_id} that
     * the table folds (consumer/README.md, "Two stores, two ways to the same guarantee"), the
     * {@code kafka_offsets} rows are read with {@code max}, the DDL says {@code IF NOT EXISTS}.
     */
    private HttpResponse<String> sendRetryingAStaleConnection(HttpRequest request) throws IOException, InterruptedException {
        try {
            return client.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        } catch (ConnectException | HttpTimeoutException e) {
            throw e;
        } catch (IOException e) {
            return client.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        }
    }

    private static String firstLine(String body) {
        String line = body.strip().lines().findFirst().orElse("(empty answer)");
        return line.length() > 500 ? line.substring(0, 500) + "..." : line;
    }

    /** The server will not let us in (user or password wrong): waiting does not fix that. */
    static final class RefusedException extends Exception {
        RefusedException(String message) {
            super(message);
        }
    }
}

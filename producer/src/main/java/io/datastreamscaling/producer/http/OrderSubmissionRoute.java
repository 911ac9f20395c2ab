package io.datastreamscaling.producer.http;

import com.sun.net.httpserver.HttpExchange;
import io.datastreamscaling.producer.send.OrderSender;
import io.datastreamscaling.shared.http.HttpExchanges;
import io.datastreamscaling.shared.http.Route;
import io.datastreamscaling.shared.order.Order;
import io.datastreamscaling.shared.order.OrderDecodingException;
import io.datastreamscaling.shared.order.OrderJson;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.BooleanSupplier;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.errors.RetriableException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code POST /orders}: one order as JSON, answered only once Kafka has decided.
 *
 * <ul>
 *   <li>202 {@code {"orderId","partition","offset"}}: the broker acknowledged the order (acks=all).
 *   <li>400 {@code {"error": "<field> ..."}}: malformed JSON, or a missing or invalid field.
 *   <li>413: body larger than {@code PRODUCER_MAX_BODY_BYTES} (refused before it is buffered).
 *   <li>415: Content-Type is not {@code application/json}. 415 rather than 400 because the body
 *       was not even read: the client must change how it sends, not what.
 *   <li>503: Kafka did not acknowledge within {@code PRODUCER_SEND_TIMEOUT_MS}, or refused. The
 *       order may still be written later (the producer keeps retrying until
 *       {@code delivery.timeout.ms}), so a client retries with the same orderId and lets the
 *       consumer's idempotent sink drop the duplicate.
 * </ul>
 * The client may leave out {@code orderId} and {@code createdAt}; the server fills them in.
 */
public final class OrderSubmissionRoute implements Route {
    private static final Logger log = LoggerFactory.getLogger(OrderSubmissionRoute.class);

    private final OrderSender sender;
    private final BooleanSupplier accepting;
    private final Duration sendTimeout;
    private final int maxBodyBytes;

    /**
     * @param accepting false while the topic is not confirmed yet (sending then would let the broker
     *                  auto-create it with the wrong partition count) and once shutdown has begun
     */
    public OrderSubmissionRoute(OrderSender sender, BooleanSupplier accepting, Duration sendTimeout, int maxBodyBytes) {
        this.sender = sender;
        this.accepting = accepting;
        this.sendTimeout = sendTimeout;
        this.maxBodyBytes = maxBodyBytes;
    }

    @Override
    public void handle(HttpExchange exchange) throws IOException {
        long deadline = System.nanoTime() + sendTimeout.toNanos();
        if (!isJson(exchange.getRequestHeaders().getFirst("Content-Type"))) {
            HttpExchanges.sendError(exchange, 415, "Content-Type must be application/json");
            return;
        }
        byte[] body = HttpExchanges.readBody(exchange, maxBodyBytes);
        Order order;
        try {
            order = OrderJson.decodeSubmission(body, UUID.randomUUID(), Instant.now());
        } catch (OrderDecodingException e) {
            HttpExchanges.sendError(exchange, 400, e.getMessage());
            return;
        }
        if (!accepting.getAsBoolean()) {
            HttpExchanges.sendError(exchange, 503, "Kafka is not available: order not accepted, retry later");
            return;
        }
        sendAndAwaitAck(exchange, order, deadline);
    }

    private void sendAndAwaitAck(HttpExchange exchange, Order order, long deadline) throws IOException {
        try {
            Future<RecordMetadata> ack = sender.send(order);
            RecordMetadata metadata = ack.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("orderId", order.orderId().toString());
            body.put("partition", metadata.partition());
            body.put("offset", metadata.offset());
            HttpExchanges.sendJson(exchange, 202, body);
        } catch (TimeoutException e) {
            HttpExchanges.sendError(exchange, 503, "Kafka did not acknowledge order " + order.orderId() + " within "
                    + sendTimeout.toMillis() + " ms; it may still be written: retry with the same orderId");
        } catch (ExecutionException | RuntimeException e) {
            Throwable cause = e instanceof ExecutionException ? e.getCause() : e;
            log.debug("order {} refused by Kafka", order.orderId(), cause);
            // The error's class stays in the debug log: an answer to a client names no Java class.
            HttpExchanges.sendError(exchange, 503, "Kafka " + (cause instanceof RetriableException ? "is unavailable" : "refused")
                    + ": order " + order.orderId() + " not confirmed; retry with the same orderId");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            HttpExchanges.sendError(exchange, 503, "shutting down: order " + order.orderId() + " not confirmed");
        }
    }

    private static boolean isJson(String contentType) {
        if (contentType == null) {
            return false;
        }
        String mediaType = contentType.split(";", 2)[0].trim().toLowerCase(Locale.ROOT);
        return mediaType.equals("application/json") || (mediaType.startsWith("application/") && mediaType.endsWith("+json"));
    }
}

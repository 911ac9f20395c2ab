package io.datastreamscaling.producer.http;

import com.sun.net.httpserver.HttpExchange;
import io.datastreamscaling.producer.send.OrderSender;
import io.datastreamscaling.shared.http.AsyncRoute;
import io.datastreamscaling.shared.http.HttpExchanges;
import io.datastreamscaling.shared.order.Order;
import io.datastreamscaling.shared.order.OrderDecodingException;
import io.datastreamscaling.shared.order.OrderJson;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BooleanSupplier;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.KafkaException;
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
 *       consumer's idempotent sink drop the duplicate. (503 with {@code Retry-After} when
 *       {@code PRODUCER_MAX_IN_FLIGHT} submissions are already waiting comes from the server's
 *       {@code InFlightLimit}, before this route runs.)
 * </ul>
 * The client may leave out {@code orderId} and {@code createdAt}; the server fills them in.
 *
 * <p>No thread waits for the acknowledgement: the route hands the order to the producer and returns;
 * the producer's callback passes the answer to a small writer pool (never writing on the producer's
 * I/O thread), and a timer answers 503 if the acknowledgement is later than the send timeout. So the
 * in-flight limit, not the server's thread count, bounds how many orders are being submitted.
 */
public final class OrderSubmissionRoute implements AsyncRoute, AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(OrderSubmissionRoute.class);

    private final OrderSender sender;
    private final BooleanSupplier accepting;
    private final Duration sendTimeout;
    private final int maxBodyBytes;
    private final ScheduledThreadPoolExecutor deadlines = new ScheduledThreadPoolExecutor(1, daemon("producer-http-deadlines"));
    private final ExecutorService writers = Executors.newFixedThreadPool(2, daemon("producer-http-answers"));

    /**
     * @param accepting false while the topic is not confirmed yet (sending then would let the broker
     *                  auto-create it with the wrong partition count) and once shutdown has begun
     */
    public OrderSubmissionRoute(OrderSender sender, BooleanSupplier accepting, Duration sendTimeout, int maxBodyBytes) {
        this.sender = sender;
        this.accepting = accepting;
        this.sendTimeout = sendTimeout;
        this.maxBodyBytes = maxBodyBytes;
        deadlines.setRemoveOnCancelPolicy(true); // an acknowledged order's timer leaves the queue at once
    }

    @Override
    public CompletionStage<Void> handle(HttpExchange exchange) throws IOException {
        long deadline = System.nanoTime() + sendTimeout.toNanos();
        if (!isJson(exchange.getRequestHeaders().getFirst("Content-Type"))) {
            HttpExchanges.sendError(exchange, 415, "Content-Type must be application/json");
            return CompletableFuture.completedFuture(null);
        }
        byte[] body = HttpExchanges.readBody(exchange, maxBodyBytes);
        Order order;
        try {
            order = OrderJson.decodeSubmission(body, UUID.randomUUID(), Instant.now());
        } catch (OrderDecodingException e) {
            HttpExchanges.sendError(exchange, 400, e.getMessage());
            return CompletableFuture.completedFuture(null);
        }
        if (!accepting.getAsBoolean()) {
            HttpExchanges.sendError(exchange, 503, "Kafka is not available: order not accepted, retry later");
            return CompletableFuture.completedFuture(null);
        }
        return submit(exchange, order, deadline);
    }

    private CompletionStage<Void> submit(HttpExchange exchange, Order order, long deadline) {
        Submission submission = new Submission(exchange, order);
        try {
            // May block up to max.block.ms (= the send timeout) on a full buffer or missing metadata.
            sender.send(order, (metadata, exception) -> writers.execute(() -> submission.decided(metadata, exception)));
        } catch (KafkaException | IllegalStateException e) {
            submission.decided(null, e); // already counted as failed by the sender
            return submission.answered;
        }
        ScheduledFuture<?> timer = deadlines.schedule(submission::timedOut, Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
        submission.answered.whenComplete((ignored, error) -> timer.cancel(false));
        return submission.answered;
    }

    /** One order's answer: whichever comes first of the acknowledgement, a failure, or the deadline. */
    private final class Submission {
        private final HttpExchange exchange;
        private final Order order;
        private final AtomicBoolean decided = new AtomicBoolean();
        private final CompletableFuture<Void> answered = new CompletableFuture<>();

        Submission(HttpExchange exchange, Order order) {
            this.exchange = exchange;
            this.order = order;
        }

        void decided(RecordMetadata metadata, Exception exception) {
            if (exception == null) {
                answer(() -> HttpExchanges.send(exchange, 202, "application/json", accepted(order, metadata)));
                return;
            }
            log.debug("order {} refused by Kafka", order.orderId(), exception);
            // The error's class stays in the debug log: an answer to a client names no Java class.
            answerError("Kafka " + (exception instanceof RetriableException ? "is unavailable" : "refused")
                    + ": order " + order.orderId() + " not confirmed; retry with the same orderId");
        }

        void timedOut() {
            answerError("Kafka did not acknowledge order " + order.orderId() + " within "
                    + sendTimeout.toMillis() + " ms; it may still be written: retry with the same orderId");
        }

        private void answerError(String message) {
            answer(() -> HttpExchanges.sendError(exchange, 503, message)); // {"status":503,"error":message}
        }

        private void answer(Answer send) {
            if (!decided.compareAndSet(false, true)) {
                return; // the deadline and the acknowledgement raced: the first one answered
            }
            try {
                send.send();
                answered.complete(null);
            } catch (IOException | RuntimeException e) {
                answered.completeExceptionally(e);
            }
        }
    }

    private interface Answer {
        void send() throws IOException;
    }

    /**
     * {@code {"orderId":"…","partition":N,"offset":N}}: the bytes Jackson's generator writes for that
     * map, written directly, because a UUID and two numbers never need escaping and this answer goes
     * out once per order (no map, generator and buffer per order).
     */
    static byte[] accepted(Order order, RecordMetadata metadata) {
        return ("{\"orderId\":\"" + order.orderId() + "\",\"partition\":" + metadata.partition()
                + ",\"offset\":" + metadata.offset() + "}").getBytes(StandardCharsets.US_ASCII);
    }

    private static boolean isJson(String contentType) {
        if (contentType == null) {
            return false;
        }
        String mediaType = contentType.split(";", 2)[0].trim().toLowerCase(Locale.ROOT);
        return mediaType.equals("application/json") || (mediaType.startsWith("application/") && mediaType.endsWith("+json"));
    }

    private static ThreadFactory daemon(String name) {
        return runnable -> {
            Thread thread = new Thread(runnable, name);
            thread.setDaemon(true);
            return thread;
        };
    }

    /** Call after the producer is closed: its last callbacks have queued their answers by then. */
    @Override
    public void close() {
        deadlines.shutdownNow();
        writers.shutdown();
        try {
            writers.awaitTermination(2, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}

package io.datastreamscaling.producer;

import io.datastreamscaling.producer.generate.GeneratorLoop;
import io.datastreamscaling.producer.generate.OrderGenerator;
import io.datastreamscaling.producer.http.BearerTokenRoute;
import io.datastreamscaling.producer.http.OrderSubmissionRoute;
import io.datastreamscaling.producer.send.AcknowledgementListener;
import io.datastreamscaling.producer.send.FirstAcknowledgementLog;
import io.datastreamscaling.producer.send.OrderSender;
import io.datastreamscaling.producer.send.TopicReadiness;
import io.datastreamscaling.producer.verify.AcknowledgementLog;
import io.datastreamscaling.shared.config.Env;
import io.datastreamscaling.shared.config.KafkaSettings;
import io.datastreamscaling.shared.http.Health;
import io.datastreamscaling.shared.http.AsyncRoute;
import io.datastreamscaling.shared.http.InFlightLimit;
import io.datastreamscaling.shared.http.ServiceHttpServer;
import io.datastreamscaling.shared.lifecycle.RunningService;
import io.datastreamscaling.shared.metrics.ServiceMetrics;
import io.datastreamscaling.shared.order.Order;
import java.io.IOException;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.common.errors.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The producer service: the order generator and {@code POST /orders}, both sending through one
 * idempotent {@link OrderSender}, plus metrics and health on the HTTP port.
 *
 * <p>Start-up does not wait forever for Kafka: after {@code PRODUCER_STARTUP_TIMEOUT_MS} it goes
 * on not ready and keeps trying in the background; the generator starts once the topic is ready.
 * A fatal producer error (fencing, authorization, …) stops the service: not live, and
 * {@link #awaitTermination()} returns 1.
 */
public final class ProducerService implements RunningService {
    private static final Logger log = LoggerFactory.getLogger(ProducerService.class);
    private static final String SERVICE = "producer";

    private final ProducerSettings settings;
    private final Health health = new Health();
    private final AtomicBoolean closed = new AtomicBoolean();
    private final AtomicBoolean failedFatally = new AtomicBoolean();
    private final CountDownLatch terminated = new CountDownLatch(1);
    private volatile boolean closing;
    private volatile boolean generatingStopped;
    private volatile int exitCode;
    private ServiceMetrics metrics;
    private OrderSender sender;
    private Optional<AcknowledgementLog> acknowledgementLog = Optional.empty();
    private OrderSubmissionRoute submission;
    private TopicReadiness topicReadiness;
    private ServiceHttpServer http;
    private GeneratorLoop generator;

    private ProducerService(ProducerSettings settings) {
        this.settings = settings;
    }

    /** Reads and checks every setting before opening anything, then starts; see the class comment. */
    public static ProducerService start(Env env) throws IOException {
        ProducerSettings settings = ProducerSettings.from(env);
        Properties producerProperties = OrderSender.properties(env, settings.sendTimeout());
        Properties adminProperties = KafkaSettings.clientProperties(env, KafkaSettings.Client.ADMIN, Map.of());
        log.info("producer configuration: {}", env.effectiveConfig());
        log.info("producer Kafka client: {}", KafkaSettings.masked(producerProperties));
        ProducerService service = new ProducerService(settings);
        try {
            service.open(producerProperties, adminProperties);
        } catch (IOException | RuntimeException e) {
            service.close();
            throw e;
        }
        return service;
    }

    private void open(Properties producerProperties, Properties adminProperties) throws IOException {
        topicReadiness = new TopicReadiness(adminProperties, settings.topic(), settings.topicSettings(), this::onFatalError);
        // First: the topic check waits on the broker for several round trips, while building the
        // metrics, the producer and the HTTP server below is CPU work that needs no answer from it.
        topicReadiness.startTopicCheck(settings.startupTimeout());
        metrics = ServiceMetrics.create(SERVICE);
        acknowledgementLog = settings.verifyFile().map(AcknowledgementLog::create);
        AcknowledgementListener listener = acknowledgementLog.<AcknowledgementListener>map(new FirstAcknowledgementLog()::andThen)
                .orElseGet(FirstAcknowledgementLog::new);
        Producer<String, Order> producer = OrderSender.createProducer(producerProperties);
        metrics.bindClient(producer);
        sender = new OrderSender(producer, settings.topic(), metrics.registry(), listener, this::onFatalError);
        health.addReadinessCheck("kafka", topicReadiness::isReady);
        http = ServiceHttpServer.start(SERVICE, settings.httpPort(), metrics, health);
        submission = new OrderSubmissionRoute(sender, this::acceptingOrders, settings.sendTimeout(), settings.maxBodyBytes());
        AsyncRoute orders = settings.apiToken().<AsyncRoute>map(token -> new BearerTokenRoute(token, submission)).orElse(submission);
        // Retry-After 1 s: a submission takes milliseconds, so a second frees many places.
        http.routeAsync("POST", "/orders", new InFlightLimit(settings.maxInFlight(), 1), orders);
        if (topicReadiness.tryOnce(sender, settings.startupTimeout())) {
            startGenerator();
            topicReadiness.releaseAdmin(); // after the generator's start: not on the way to the first order
        } else if (health.isLive()) {
            log.warn("Kafka not reachable within {} ms: running not ready, retrying in the background",
                    settings.startupTimeout().toMillis());
            topicReadiness.retryInBackground(sender, settings.startupTimeout(), this::startGenerator);
        }
    }

    private boolean acceptingOrders() {
        return !closing && health.isLive() && topicReadiness.isReady();
    }

    private synchronized void startGenerator() {
        if (!settings.generatorEnabled() || generatingStopped || closing || generator != null) {
            return;
        }
        OrderGenerator orders = new OrderGenerator(settings.users(), settings.userSkew(), settings.seed());
        long limit = settings.limitedOrders() ? settings.maxOrders() : Long.MAX_VALUE;
        long startedAt = System.nanoTime();
        generator = new GeneratorLoop(orders, settings.ratePerSecond(), limit, () -> generatorFinished(startedAt),
                this::sendGenerated, "producer-generator");
        generator.start();
        log.info("generator started: {} orders/s, {} users, skew {}{}",
                settings.unlimitedRate() ? ProducerSettings.RATE_MAX : settings.ratePerSecond(),
                settings.users(), settings.userSkew(), settings.limitedOrders() ? ", stopping after " + limit + " orders" : "");
    }

    /**
     * After PRODUCER_MAX_ORDERS: waits until every order is acknowledged or failed, then says so in one
     * line that benchmarks read ("generator finished: N orders acknowledged in X ms"). HTTP keeps serving.
     */
    private void generatorFinished(long startedAt) {
        sender.flush(); // completes once every buffered order is acknowledged or failed
        long millis = (System.nanoTime() - startedAt) / 1_000_000;
        log.info("generator finished: {} orders acknowledged in {} ms ({} failed)", sender.acknowledged(), millis, sender.failed());
    }

    // The generator outlives a Kafka outage: a send that ran out of time (no metadata, full buffer)
    // is already counted as failed, and the next order tries again. Anything else stops the loop.
    private void sendGenerated(Order order) {
        try {
            sender.send(order);
        } catch (TimeoutException e) {
            log.debug("generated order not sent: {}", e.toString());
        }
    }

    /** Stops the generator and waits until it has sent its last order; HTTP keeps serving. */
    public void stopGenerating() {
        GeneratorLoop loop;
        synchronized (this) {
            generatingStopped = true;
            loop = generator;
        }
        // Outside the lock: the loop may be blocked in send() (full buffer) for up to max.block.ms.
        if (loop != null && !loop.stop(settings.sendTimeout().plusSeconds(5))) {
            log.warn("generator did not stop within {}", settings.sendTimeout().plusSeconds(5));
        }
    }

    // May run on the producer's I/O thread or the generator's: signal only, never join or close here.
    private void onFatalError(Throwable error) {
        if (!failedFatally.compareAndSet(false, true)) {
            return;
        }
        log.error("producer stopping: fatal Kafka error that retrying cannot fix: {}", error.toString());
        health.markNotLive("fatal Kafka error: " + error.getClass().getSimpleName());
        exitCode = 1;
        synchronized (this) {
            generatingStopped = true;
            if (generator != null) {
                generator.requestStop();
            }
        }
        terminated.countDown();
    }

    public long sent() {
        return sender == null ? 0 : sender.sent();
    }

    public long acknowledged() {
        return sender == null ? 0 : sender.acknowledged();
    }

    public long failed() {
        return sender == null ? 0 : sender.failed();
    }

    public int httpPort() {
        return http.port();
    }

    public boolean isReady() {
        return health.isReady();
    }

    @Override
    public int awaitTermination() {
        try {
            terminated.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return exitCode;
    }

    /** Stops intake, sends what is buffered (bounded by PRODUCER_CLOSE_TIMEOUT_MS), then stops HTTP. */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        closing = true;
        stopGenerating();
        if (topicReadiness != null) {
            topicReadiness.close();
        }
        if (sender != null) {
            // Orders still in the buffer get up to the close timeout to be acknowledged, then fail.
            sender.close(settings.closeTimeout());
            log.info("producer stopped: sent {}, acknowledged {}, failed {}", sender.sent(), sender.acknowledged(), sender.failed());
        }
        // After the producer: no acknowledgement comes later, so the file holds every one.
        acknowledgementLog.ifPresent(AcknowledgementLog::close);
        if (submission != null) {
            submission.close(); // the last answers (503 for what the producer failed) are written
        }
        if (http != null) {
            http.close();
        }
        if (metrics != null) {
            metrics.close();
        }
        terminated.countDown();
    }
}

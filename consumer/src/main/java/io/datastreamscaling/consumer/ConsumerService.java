package io.datastreamscaling.consumer;

import io.datastreamscaling.consumer.deadletter.DeadLetterPublisher;
import io.datastreamscaling.consumer.lag.LagReporter;
import io.datastreamscaling.consumer.offsets.OffsetCommits;
import io.datastreamscaling.consumer.offsets.ProcessedOffsets;
import io.datastreamscaling.consumer.offsets.RebalanceHandler;
import io.datastreamscaling.consumer.poll.ConsumerMeters;
import io.datastreamscaling.consumer.poll.OrderPollLoop;
import io.datastreamscaling.consumer.poll.PollLoopParts;
import io.datastreamscaling.consumer.sink.OrderSink;
import io.datastreamscaling.consumer.sink.postgres.DatabaseSettings;
import io.datastreamscaling.shared.config.Env;
import io.datastreamscaling.shared.config.KafkaSettings;
import io.datastreamscaling.shared.http.Health;
import io.datastreamscaling.shared.http.ServiceHttpServer;
import io.datastreamscaling.shared.kafka.TopicBootstrap;
import io.datastreamscaling.shared.lifecycle.RunningService;
import io.datastreamscaling.shared.metrics.ServiceMetrics;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.UnaryOperator;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The consumer service: wires the poll loop, its sink, the dead-letter publisher, lag gauges and the
 * HTTP endpoints, and starts the loop in its own thread. Readiness: {@code kafka} once the consumer
 * owns partitions, {@code sink} while the sink takes writes, {@code deadletter} unless the last
 * dead-letter send failed (the loop is then paused, retrying).
 */
public final class ConsumerService implements RunningService {
    private static final Logger log = LoggerFactory.getLogger(ConsumerService.class);
    private static final Duration LAG_REFRESH = Duration.ofSeconds(2);
    private static final Duration ADMIN_TIMEOUT = Duration.ofSeconds(30);

    private final OrderPollLoop loop;
    private final LagReporter lag;
    private final ServiceHttpServer http;
    private final Duration closeTimeout;
    private final Deque<AutoCloseable> resources;
    private final AtomicBoolean closed = new AtomicBoolean();

    private ConsumerService(OrderPollLoop loop, LagReporter lag, ServiceHttpServer http, Duration closeTimeout,
                            Deque<AutoCloseable> resources) {
        this.loop = loop;
        this.lag = lag;
        this.http = http;
        this.closeTimeout = closeTimeout;
        this.resources = resources;
    }

    public static ConsumerService start(Env env) throws Exception {
        return start(env, UnaryOperator.identity());
    }

    /** As {@link #start(Env)}, with the sink wrapped (tests observe or slow down writes this way). */
    static ConsumerService start(Env env, UnaryOperator<OrderSink> sinkDecorator) throws Exception {
        ConsumerSettings settings = ConsumerSettings.from(env);
        Properties consumerProps = ConsumerClients.consumer(env, settings);
        Properties producerProps = ConsumerClients.deadLetterProducer(env);
        log.info("consumer configuration: {}", env.effectiveConfig());
        log.info("consumer client properties: {}", KafkaSettings.masked(consumerProps));

        Deque<AutoCloseable> resources = new ArrayDeque<>();
        // The topic check waits on the broker (list, create, leaders serving) and the clients below
        // cost CPU to build but wait on nothing: run them side by side. Only subscribe() needs the
        // topics, so the poll loop starts after the check; everything else does not depend on it.
        FutureTask<Void> topics = new FutureTask<>(() -> ensureTopics(env, settings), null);
        Thread topicBootstrap = new Thread(topics, "consumer-topic-bootstrap");
        topicBootstrap.setDaemon(true);
        topicBootstrap.start();
        try {
            ServiceMetrics metrics = ServiceMetrics.create("consumer");
            resources.push(metrics);
            OrderSink sink = sinkDecorator.apply(Sinks.create(settings.sink(), settings.database(), settings.clickHouse(), settings.groupId(), settings.exactlyOnce()));
            resources.push(sink);
            KafkaProducer<byte[], byte[]> dlqProducer = new KafkaProducer<>(producerProps);
            resources.push(() -> dlqProducer.close(settings.closeTimeout()));
            KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(consumerProps);
            metrics.bindClient(consumer);
            metrics.bindClient(dlqProducer);

            Health health = new Health();
            ConsumerMeters meters = new ConsumerMeters(metrics.registry());
            LagReporter lag = new LagReporter(consumer, metrics.registry(), LAG_REFRESH);
            OffsetCommits commits = new OffsetCommits(consumer, new ProcessedOffsets(), settings.closeTimeout());
            RebalanceHandler rebalance = new RebalanceHandler(consumer, commits, sink, lag::forget);
            DeadLetterPublisher deadLetters = new DeadLetterPublisher(dlqProducer, settings.deadLetterTopic(),
                    settings.groupId(), ConsumerClients.maxRequestSize(producerProps), meters::recordDeadLettered);
            OrderPollLoop loop = new OrderPollLoop(new PollLoopParts(consumer, settings.topic(), sink, deadLetters, commits,
                    rebalance, meters, lag, settings.retryBackoff(), settings.retryBackoffMax(), settings.closeTimeout(),
                    health::markNotLive));
            health.addReadinessCheck("kafka", rebalance::hasAssignment);
            health.addReadinessCheck("sink", loop::sinkAvailable);
            health.addReadinessCheck("deadletter", loop::deadLetterAvailable);

            ServiceHttpServer http = ServiceHttpServer.start("consumer", settings.httpPort(), metrics, health);
            resources.push(http);
            awaitTopics(topics);
            Thread thread = new Thread(loop, "consumer-poll-loop");
            thread.start();
            log.info("consuming {} in group {} into the {} sink ({}), dead letters to {}", settings.topic(), settings.groupId(),
                    settings.sink(), settings.sinkMode(), settings.deadLetterTopic());
            return new ConsumerService(loop, lag, http, settings.closeTimeout(), resources);
        } catch (Exception | Error e) {
            topics.cancel(true);
            closeAll(resources);
            throw e;
        }
    }

    /**
     * Creates the topics if missing, before anything subscribes: a subscription to a missing topic
     * would let a broker with {@code auto.create.topics.enable} create it with its own partition count.
     */
    private static void ensureTopics(Env env, ConsumerSettings settings) {
        try (Admin admin = Admin.create(KafkaSettings.clientProperties(env, KafkaSettings.Client.ADMIN, Map.of()))) {
            TopicBootstrap.ensureTopics(admin, List.of(settings.topic(), settings.deadLetterTopic()), settings.topicSettings(), ADMIN_TIMEOUT);
        }
    }

    /** Waits for the topic check started at the beginning of start-up; its failure fails start-up. */
    private static void awaitTopics(FutureTask<Void> topics) throws InterruptedException {
        try {
            topics.get();
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException cause) {
                throw cause;
            }
            if (e.getCause() instanceof Error cause) {
                throw cause;
            }
            throw new IllegalStateException(e.getCause());
        }
    }

    /** Orders fully processed (written by the sink) by this instance. */
    public long consumed() {
        return loop.processedCount();
    }

    /** Records this instance sent to the dead-letter topic (acknowledged). */
    public long deadLettered() {
        return loop.deadLetteredCount();
    }

    /** Records behind the log end over the partitions this instance owns, as of the last refresh. */
    public long totalLag() {
        return lag.totalLag();
    }

    /** Whether {@link #close()} has asked the loop to stop (tests use it to order events). */
    boolean closeRequested() {
        return loop.closeRequested();
    }

    public int httpPort() {
        return http.port();
    }

    @Override
    public int awaitTermination() {
        return loop.awaitTermination();
    }

    /** Stops polling, commits what was processed, and returns only after that commit. */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        loop.close(closeTimeout.plusSeconds(5));
        closeAll(resources);
        log.info("consumer closed: {} processed, {} dead-lettered", consumed(), deadLettered());
    }

    private static void closeAll(Deque<AutoCloseable> resources) {
        while (!resources.isEmpty()) {
            try {
                resources.pop().close();
            } catch (Exception e) {
                log.warn("closing: {}", e.toString());
            }
        }
    }
}

package io.datastreamscaling.streams;

import io.datastreamscaling.shared.config.Env;
import io.datastreamscaling.shared.config.KafkaSettings;
import io.datastreamscaling.shared.http.Health;
import io.datastreamscaling.shared.http.ServiceHttpServer;
import io.datastreamscaling.shared.kafka.TopicBootstrap;
import io.datastreamscaling.shared.kafka.Topics;
import io.datastreamscaling.shared.lifecycle.RunningService;
import io.datastreamscaling.shared.metrics.ServiceMetrics;
import io.datastreamscaling.streams.deadletter.DeadLetters;
import io.datastreamscaling.streams.query.RevenueRoute;
import io.datastreamscaling.streams.query.TierCountsRoute;
import io.datastreamscaling.streams.topology.OrderTopology;
import io.micrometer.core.instrument.binder.kafka.KafkaStreamsMetrics;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.streams.CloseOptions;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.state.HostInfo;
import org.rocksdb.RocksDB;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The streams service: the {@link OrderTopology} on one {@link KafkaStreams} client, its query
 * endpoint, metrics and health on one HTTP port.
 *
 * <p>Ready means the Kafka Streams state is RUNNING: while it rebalances or restores, the window
 * stores may be incomplete or moving, so queries answer 503 and the instance reports not ready. A
 * fatal stream failure (state ERROR) makes it not live, so an orchestrator restarts it.
 */
public final class StreamsService implements RunningService {
    public static final String NAME = "streams";
    private static final Logger log = LoggerFactory.getLogger(StreamsService.class);
    private static final Duration TOPIC_TIMEOUT = Duration.ofSeconds(30);
    private static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(30);
    /**
     * How often the Micrometer binder looks for new Kafka Streams metrics. Task and state-store
     * metrics only exist once tasks are assigned, after every rebalance; at Micrometer's default (60 s)
     * those dashboard panels stay empty for a minute after each start or rebalance.
     */
    private static final Duration METRICS_REFRESH = Duration.ofSeconds(5);

    private final KafkaStreams streams;
    private final StreamsMeters meters;
    private final ServiceMetrics metrics;
    private final KafkaStreamsMetrics streamsMetrics;
    private final ScheduledExecutorService metricsRefresh = Executors.newSingleThreadScheduledExecutor(runnable -> {
        Thread thread = new Thread(runnable, "streams-metrics-refresh");
        thread.setDaemon(true);
        return thread;
    });
    private final ServiceHttpServer http;
    private final CountDownLatch stopped = new CountDownLatch(1);
    private final AtomicBoolean closed = new AtomicBoolean();
    private volatile boolean failed;

    private StreamsService(KafkaStreams streams, StreamsMeters meters, ServiceMetrics metrics, ServiceHttpServer http) {
        this.streams = streams;
        this.meters = meters;
        this.metrics = metrics;
        this.http = http;
        this.streamsMetrics = new KafkaStreamsMetrics(streams, List.of(), metricsRefresh, METRICS_REFRESH);
    }

    public static StreamsService start(Env env) throws Exception {
        StreamsSettings settings = StreamsSettings.from(env);
        ServiceMetrics metrics = ServiceMetrics.create(NAME);
        Health health = new Health();
        ServiceHttpServer http = null;
        try {
            // HTTP first: with HTTP_PORT=0 the port is known only once bound, and application.server
            // must name it.
            http = ServiceHttpServer.start(NAME, settings.httpPort(), metrics, health);
            HostInfo self = new HostInfo(settings.advertisedHost(), http.port());
            StreamsMeters meters = new StreamsMeters(metrics.registry());
            DeadLetters deadLetters = new DeadLetters(Topics.ORDERS_DLQ, settings.applicationId(),
                    StreamsProperties.producerMaxRequestSize(settings, env), reason -> meters.deadLettered(reason).increment());
            Properties props = StreamsProperties.build(settings, env, self.host() + ":" + self.port(), deadLetters);
            log.info("{} configuration: {}", NAME, env.effectiveConfig());
            log.info("{} Kafka Streams properties: {}", NAME, KafkaSettings.masked(props));
            ensureTopics(env, settings);
            // RocksDB's native library is otherwise unpacked from the jar (15 MB) and loaded when the
            // revenue store opens its first segment, at the first commit after RUNNING: the stream
            // thread then stalls (0.17 s for the load alone, idle machine) with orders waiting, every start.
            RocksDB.loadLibrary();

            KafkaStreams streams = new KafkaStreams(OrderTopology.build(settings.topology(), meters, deadLetters.refused()), props);
            StreamsService service = new StreamsService(streams, meters, metrics, http);
            streams.setUncaughtExceptionHandler(new StreamsFailurePolicy(Clock.systemUTC(), deadLetters.refused()::explains));
            streams.setStateListener((now, before) -> service.onStateChange(now, before, health));
            health.addReadinessCheck("streams-running", () -> streams.state() == KafkaStreams.State.RUNNING);
            service.streamsMetrics.bindTo(metrics.registry());
            http.routeBelow("GET", RevenueRoute.path(), new RevenueRoute(streams, self, Clock.systemUTC()));
            http.route("GET", TierCountsRoute.PATH, new TierCountsRoute(streams, self, Clock.systemUTC()));
            streams.start();
            log.info("{} started: application.id={}, input {}, queries on port {}", NAME, settings.applicationId(),
                    settings.inputTopic(), http.port());
            return service;
        } catch (Exception | Error e) {
            if (http != null) {
                http.close();
            }
            metrics.close();
            throw e;
        }
    }

    private static void ensureTopics(Env env, StreamsSettings settings) {
        try (Admin admin = Admin.create(KafkaSettings.clientProperties(env, KafkaSettings.Client.ADMIN, Map.of()))) {
            TopicBootstrap.ensureTopics(admin, List.of(settings.inputTopic(), Topics.ORDERS_DLQ, Topics.ORDERS_ENRICHED,
                    Topics.ORDERS_HIGH_VALUE, Topics.REVENUE_PER_USER_1M), settings.topics(), TOPIC_TIMEOUT);
        }
    }

    private void onStateChange(KafkaStreams.State now, KafkaStreams.State before, Health health) {
        log.info("{} state {} -> {}", NAME, before, now);
        if (now == KafkaStreams.State.ERROR) {
            failed = true;
            health.markNotLive("Kafka Streams is in state ERROR (see the log for the failure)");
        }
        if (now == KafkaStreams.State.ERROR || now == KafkaStreams.State.NOT_RUNNING) {
            stopped.countDown();
        }
    }

    /** Final revenue windows written to revenue.per-user.1m since start (the launcher's status line). */
    public long windowsEmitted() {
        return (long) meters.windowsEmitted().count();
    }

    /** Valid orders enriched since start. */
    public long processed() {
        return (long) meters.processed().count();
    }

    public int httpPort() {
        return http.port();
    }

    /** The Kafka Streams state, for tests and the launcher. */
    public KafkaStreams.State state() {
        return streams.state();
    }

    @Override
    public int awaitTermination() {
        try {
            stopped.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return failed ? 1 : 0;
    }

    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        // Closing commits the open transaction. Leaving the group moves our partitions to the other
        // instances at once; staying would leave them unprocessed until the session times out (45 s).
        if (!streams.close(CloseOptions.timeout(CLOSE_TIMEOUT)
                .withGroupMembershipOperation(CloseOptions.GroupMembershipOperation.LEAVE_GROUP))) {
            log.warn("{} did not close within {}", NAME, CLOSE_TIMEOUT);
        }
        streamsMetrics.close();
        metricsRefresh.shutdownNow();
        http.close();
        metrics.close();
        stopped.countDown();
        log.info("{} closed", NAME);
    }
}

package io.datastreamscaling.local.scaling.live;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.datastreamscaling.consumer.ConsumerSettings;
import io.datastreamscaling.consumer.sink.postgres.DatabaseSettings;
import io.datastreamscaling.local.broker.EmbeddedKafkaBroker;
import io.datastreamscaling.local.scaling.PartitionOffsets;
import io.datastreamscaling.local.scaling.ScalingDecision;
import io.datastreamscaling.local.scaling.ScalingDemo;
import io.datastreamscaling.local.scaling.ScalingPolicy;
import io.datastreamscaling.local.scaling.ScalingPolicySettings;
import io.datastreamscaling.local.scaling.live.LoadGenerator.Phase;
import io.datastreamscaling.shared.config.Env;
import io.datastreamscaling.shared.config.KafkaSettings;
import io.datastreamscaling.shared.kafka.TopicBootstrap;
import io.datastreamscaling.shared.kafka.TopicSettings;
import io.datastreamscaling.shared.order.OrderJson;
import java.io.PrintStream;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;

/**
 * The launcher's {@code --scale} mode: an embedded broker, a fresh {@code orders} topic of
 * {@link ScalingDemo#ORDERS_PARTITIONS} partitions, a consumer group grown and shrunk by the
 * {@link ScalingPolicy} from lag measured every tick (what KEDA does on Kubernetes), and a producer
 * playing a {@link LoadProfile}. After the profile it drains (bounded), stops every instance, and
 * checks the sink against the acknowledged count.
 */
public final class ScalingRun {
    private static final Duration ADMIN_TIMEOUT = Duration.ofSeconds(30);
    private static final Duration FLUSH_TIMEOUT = Duration.ofSeconds(30);

    private final ScalingRunOptions options;
    private final ScalingPolicy policy;
    private final Optional<DatabaseSettings> database;
    private final PrintStream out;
    private final CountDownLatch stopRequested;
    private long startNanos = System.nanoTime();
    private final String topic;
    private final String group;
    private int scaleEvents;
    private long peakLag;
    private OptionalDouble secondsToDrain = OptionalDouble.empty();

    private ScalingRun(ScalingRunOptions options, ScalingPolicy policy, Optional<DatabaseSettings> database, PrintStream out,
                       CountDownLatch stopRequested) {
        this.options = options;
        this.policy = policy;
        this.database = database;
        this.out = out;
        this.stopRequested = stopRequested;
        // A topic and group of their own per run: the counts at the end are this run's, whatever the broker or table held before.
        String run = Long.toString(System.currentTimeMillis());
        this.topic = "orders.scale." + run;
        this.group = "orders-consumer.scale." + run;
    }

    /**
     * Runs the profile, drains, checks and prints the summary; returns 0 if every acknowledged order is
     * in the sink once, 1 otherwise. Invalid {@code SCALING_*} or {@code DB_*} settings throw
     * {@code InvalidSettingException} before anything starts.
     */
    public static int run(ScalingRunOptions options, Env env, PrintStream out, CountDownLatch stopRequested) throws Exception {
        ScalingPolicy policy = new ScalingPolicy(ScalingPolicySettings.from(env));
        Optional<DatabaseSettings> database = options.postgres() ? Optional.of(DatabaseSettings.from(env)) : Optional.empty();
        if (database.isPresent()) {
            try (Connection connection = OrdersTableCount.connect(database.get())) {
                out.println("PostgreSQL " + connection.getMetaData().getDatabaseProductVersion() + " at " + database.get().url());
            } catch (SQLException e) {
                out.println("PostgreSQL not reachable at " + database.get().url() + ": " + e.getMessage()
                        + " (set DB_URL, DB_USER, DB_PASSWORD, or run without --sink postgres)");
                return 1;
            }
        }
        return new ScalingRun(options, policy, database, out, stopRequested).run(env);
    }

    private int run(Env baseEnv) throws Exception {
        out.printf("starting the embedded Kafka broker (data in %s)%n", options.dataDir());
        try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start(new EmbeddedKafkaBroker.Settings(
                options.dataDir(), options.kafkaPort(), options.wipe(), false, Map.of()))) {
            Env env = baseEnv.with(KafkaSettings.BOOTSTRAP_SERVERS, broker.bootstrapServers()).with(serviceEnv());
            try (Admin admin = Admin.create(KafkaSettings.clientProperties(env, KafkaSettings.Client.ADMIN, Map.of()))) {
                TopicBootstrap.ensureTopics(admin, List.of(topic), new TopicSettings(ScalingDemo.ORDERS_PARTITIONS, (short) 1), ADMIN_TIMEOUT);
                GroupOffsets offsets = new GroupOffsets(admin, group, topic, ScalingDemo.ORDERS_PARTITIONS, ADMIN_TIMEOUT);
                return scaleAndCheck(env, offsets);
            }
        }
    }

    private Map<String, String> serviceEnv() {
        return Map.of(
                ConsumerSettings.ORDERS_TOPIC, topic,
                ConsumerSettings.CONSUMER_GROUP_ID, group,
                ConsumerSettings.HTTP_PORT, "0", // every instance and producer on a port of its own
                ConsumerSettings.SINK, options.postgres() ? ConsumerSettings.SINK_POSTGRES : ConsumerSettings.SINK_LOG,
                ConsumerSettings.SINK_MODE, ConsumerSettings.MODE_EXACTLY_ONCE,
                TopicSettings.PARTITIONS, Integer.toString(ScalingDemo.ORDERS_PARTITIONS));
    }

    private int scaleAndCheck(Env env, GroupOffsets offsets) throws Exception {
        ScalingPolicySettings settings = policy.settings();
        Duration coolDown = options.profile().coolDownAfter(settings.scaleDownStabilization());
        printPlan(settings, coolDown);
        boolean drained;
        ConsumerFleet fleet = new ConsumerFleet(env);
        LoadGenerator load = null;
        try {
            fleet.scaleTo(Math.max(1, settings.minReplicas())); // before the load, so the first instance's start-up is not lag
            load = LoadGenerator.start(env, options.profile(), coolDown);
            startNanos = load.startNanos(); // the run's clock is the profile's: start-up is not part of it
            ScalingStatus status = new ScalingStatus(startNanos, load, fleet);
            if (playProfile(load, fleet, offsets, status)) {
                out.println("profile done: producer stopped, draining");
                drained = drain(load, fleet, offsets, status);
            } else {
                load.stopGenerating();
                out.println("stop requested: producer stopped, not draining");
                drained = false;
            }
        } finally {
            if (load != null) {
                load.close(); // acknowledges or fails what is in flight; its counters stay readable
            }
            fleet.close(); // every instance commits what it wrote before the table is counted
        }
        return check(load, fleet, offsets, drained);
    }

    private void printPlan(ScalingPolicySettings settings, Duration coolDown) {
        LoadProfile profile = options.profile();
        out.printf("topic %s (%d partitions), group %s, %s sink%n", topic, ScalingDemo.ORDERS_PARTITIONS, group,
                options.postgres() ? "postgres (exactly-once)" : "log");
        out.printf("policy: 1 replica per %,d records of lag, %d..%d replicas, scale-down after %d s of lower recommendations%n",
                settings.lagThreshold(), settings.minReplicas(), Math.min(settings.maxReplicas(), ScalingDemo.ORDERS_PARTITIONS),
                settings.scaleDownStabilization().toSeconds());
        out.printf("load: %s/s for %d s, plus %s/s for %d s, then %s/s for %d s%n", profile.steadyRate(), profile.warmUp().toSeconds(),
                profile.burstRate(), profile.burst().toSeconds(), profile.steadyRate(), coolDown.toSeconds());
    }

    /** Ticks until the profile is done (true) or a stop is requested (false). */
    private boolean playProfile(LoadGenerator load, ConsumerFleet fleet, GroupOffsets offsets, ScalingStatus status) throws Exception {
        while (true) {
            Phase phase = load.advance();
            if (phase == Phase.DONE) {
                return true;
            }
            tick(load, fleet, offsets, status);
            if (stopRequested.await(options.tick().toMillis(), TimeUnit.MILLISECONDS)) {
                return false;
            }
        }
    }

    /** Ticks (scaling goes on) until everything sent is acknowledged and the group has committed up to the log end. */
    private boolean drain(LoadGenerator load, ConsumerFleet fleet, GroupOffsets offsets, ScalingStatus status) throws Exception {
        long flushDeadline = System.nanoTime() + FLUSH_TIMEOUT.toNanos();
        while (!load.flushed() && System.nanoTime() < flushDeadline) {
            if (stopRequested.await(100, TimeUnit.MILLISECONDS)) {
                return false;
            }
        }
        long deadline = System.nanoTime() + options.drainTimeout().toNanos();
        while (System.nanoTime() < deadline) {
            long lag = tick(load, fleet, offsets, status);
            if (load.flushed() && lag == 0 && fleet.consumed() + fleet.deadLettered() >= load.acknowledged()) {
                return true;
            }
            if (stopRequested.await(options.tick().toMillis(), TimeUnit.MILLISECONDS)) {
                return false;
            }
        }
        out.printf("not drained within %d s%n", options.drainTimeout().toSeconds());
        return false;
    }

    /** Measures lag, lets the policy decide, applies the decision and prints the status (and the event); returns the lag. */
    private long tick(LoadGenerator load, ConsumerFleet fleet, GroupOffsets offsets, ScalingStatus status) throws Exception {
        List<PartitionOffsets> measured = offsets.measure();
        long lag = GroupOffsets.totalLag(measured);
        peakLag = Math.max(peakLag, lag);
        long burstEnded = load.burstEndedNanos();
        if (burstEnded != 0) {
            if (lag > policy.settings().lagThreshold()) {
                secondsToDrain = OptionalDouble.empty(); // (still) a backlog: the drain is not over
            } else if (secondsToDrain.isEmpty()) {
                secondsToDrain = OptionalDouble.of((System.nanoTime() - burstEnded) / 1e9);
            }
        }
        ScalingDecision decision = policy.decide(Instant.now(), fleet.size(), measured);
        out.println(status.line(load.phase(), lag));
        if (decision.changesReplicas()) {
            scaleEvents++;
            List<String> changes = fleet.scaleTo(decision.desiredReplicas());
            out.println(status.event(decision.reason(), changes));
        }
        return lag;
    }

    private int check(LoadGenerator load, ConsumerFleet fleet, GroupOffsets offsets, boolean drained) throws Exception {
        Optional<OrdersTableCount> table = Optional.empty();
        boolean offsetsMatch = false;
        if (database.isPresent()) {
            OrdersTableCount count = OrdersTableCount.read(database.get(), topic, group);
            offsetsMatch = count.offsetsMatch(offsets.logEndOffsets());
            table = Optional.of(count);
        }
        ScalingSummary summary = new ScalingSummary(load.acknowledged(), load.failed(), fleet.consumed(), fleet.deadLettered(),
                table, offsetsMatch, scaleEvents, peakLag, secondsToDrain, fleet.peak(), drained, elapsed().toMillis() / 1e3);
        out.println(summary.humanLines());
        try {
            out.println(OrderJson.mapper().writeValueAsString(summary.asJson()));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
        return summary.passed() ? 0 : 1;
    }

    private Duration elapsed() {
        return Duration.ofNanos(System.nanoTime() - startNanos);
    }
}

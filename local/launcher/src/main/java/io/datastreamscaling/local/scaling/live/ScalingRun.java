package io.datastreamscaling.local.scaling.live;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.datastreamscaling.consumer.ConsumerSettings;
import io.datastreamscaling.consumer.sink.postgres.DatabaseSettings;
import io.datastreamscaling.local.broker.EmbeddedKafkaBroker;
import io.datastreamscaling.local.chaos.ChaosMonkey;
import io.datastreamscaling.local.chaos.ChaosReport;
import io.datastreamscaling.local.chaos.ChaosSchedule;
import io.datastreamscaling.local.chaos.FaultKind;
import io.datastreamscaling.local.faults.TcpProxy;
import io.datastreamscaling.local.live.LiveEvents;
import io.datastreamscaling.local.live.LivePage;
import io.datastreamscaling.local.live.LiveSampler;
import io.datastreamscaling.local.live.ServiceEndpoint;
import io.datastreamscaling.local.process.ChildService;
import io.datastreamscaling.local.scaling.PartitionOffsets;
import io.datastreamscaling.local.scaling.ScalingDecision;
import io.datastreamscaling.local.scaling.ScalingDemo;
import io.datastreamscaling.local.scaling.ScalingPolicy;
import io.datastreamscaling.local.scaling.ScalingPolicySettings;
import io.datastreamscaling.local.scaling.live.LoadGenerator.Phase;
import io.datastreamscaling.local.verify.SinkVerdict;
import io.datastreamscaling.local.verify.StoredOffsets;
import io.datastreamscaling.local.verify.Verify;
import io.datastreamscaling.shared.config.Env;
import io.datastreamscaling.shared.config.KafkaSettings;
import io.datastreamscaling.shared.kafka.TopicBootstrap;
import io.datastreamscaling.shared.kafka.TopicSettings;
import io.datastreamscaling.shared.order.OrderJson;
import io.datastreamscaling.streams.StreamsMain;
import io.datastreamscaling.streams.StreamsSettings;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalLong;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.apache.kafka.clients.admin.Admin;

/**
 * The launcher's {@code --scale} mode: an embedded broker, a fresh {@code orders} topic of
 * {@link ScalingDemo#ORDERS_PARTITIONS} partitions, a consumer group grown and shrunk by the
 * {@link ScalingPolicy} from lag measured every tick (what KEDA does on Kubernetes), and a producer
 * playing a {@link LoadProfile}, all on the live page. Under {@code --chaos} the instances are child
 * JVMs, and a {@link ChaosMonkey} kills them, cuts their database connection and kills a streams app
 * while the profile plays. After the profile it drains (bounded), stops every instance, and checks the
 * sink: the counts, and with PostgreSQL the same verification as the launcher's {@code --verify}.
 */
public final class ScalingRun {
    private static final Duration ADMIN_TIMEOUT = Duration.ofSeconds(30);
    private static final Duration FLUSH_TIMEOUT = Duration.ofSeconds(30);
    /** A child JVM on two busy cores: seconds to start, then the group's rebalance; over 90 s at a load of 70. */
    private static final Duration READY_TIMEOUT = Duration.ofSeconds(180);
    /**
     * Under --chaos each instance is a JVM of its own; on two cores a dozen of them would measure the
     * machine, not the policy. SCALING_MAX_REPLICAS still decides when set.
     */
    private static final String CHAOS_MAX_REPLICAS = "4";
    /** How long the cool-down goes on past the profile for faults delayed by slow restarts. */
    private static final Duration CHAOS_OVERTIME = Duration.ofMinutes(5);

    private final ScalingRunOptions options;
    private final ScalingPolicy policy;
    private final Optional<DatabaseSettings> database;
    private final Supplier<OptionalLong> rowsStored;
    private final PrintStream out;
    private final CountDownLatch stopRequested;
    private final LiveEvents events = new LiveEvents();
    private long startNanos = System.nanoTime();
    private final String topic;
    private final String group;
    private int scaleEvents;
    private long peakLag;
    private OptionalDouble secondsToDrain = OptionalDouble.empty();

    private ScalingRun(ScalingRunOptions options, ScalingPolicy policy, Optional<DatabaseSettings> database,
                       Supplier<OptionalLong> rowsStored, PrintStream out, CountDownLatch stopRequested) {
        this.options = options;
        this.policy = policy;
        this.database = database;
        this.rowsStored = rowsStored;
        this.out = out;
        this.stopRequested = stopRequested;
        // A topic and group of their own per run: the counts at the end are this run's, whatever the broker or table held before.
        String run = Long.toString(System.currentTimeMillis());
        this.topic = "orders.scale." + run;
        this.group = "orders-consumer.scale." + run;
    }

    /**
     * Runs the profile, drains, checks and prints the summary; returns 0 if every acknowledged order is
     * in the sink once (and every fault was undone), 1 otherwise. Invalid {@code SCALING_*} settings
     * throw {@code InvalidSettingException} before anything starts.
     *
     * @param database   the store the instances write to (the launcher started it, or {@code DB_URL}); empty: the log sink
     * @param rowsStored the store's row count for the live page
     */
    public static int run(ScalingRunOptions options, Env env, PrintStream out, CountDownLatch stopRequested,
                          Optional<DatabaseSettings> database, Supplier<OptionalLong> rowsStored) throws Exception {
        if (options.chaos() && env.optional(ScalingPolicySettings.MAX_REPLICAS).isEmpty()) {
            env = env.with(ScalingPolicySettings.MAX_REPLICAS, CHAOS_MAX_REPLICAS);
        }
        ScalingPolicy policy = new ScalingPolicy(ScalingPolicySettings.from(env));
        return new ScalingRun(options, policy, database, rowsStored, out, stopRequested).run(env);
    }

    private int run(Env baseEnv) throws Exception {
        out.printf("starting the embedded Kafka broker (data in %s)%n", options.dataDir());
        // Never wiped here: --wipe is done by the launcher before the store, whose data lives in the same directory, starts.
        try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start(new EmbeddedKafkaBroker.Settings(
                options.dataDir(), options.kafkaPort(), false, false, Map.of()))) {
            Env env = baseEnv.with(KafkaSettings.BOOTSTRAP_SERVERS, broker.bootstrapServers()).with(serviceEnv(database));
            try (Admin admin = Admin.create(KafkaSettings.clientProperties(env, KafkaSettings.Client.ADMIN, Map.of()))) {
                TopicBootstrap.ensureTopics(admin, List.of(topic), new TopicSettings(ScalingDemo.ORDERS_PARTITIONS, (short) 1), ADMIN_TIMEOUT);
                GroupOffsets offsets = new GroupOffsets(admin, group, topic, ScalingDemo.ORDERS_PARTITIONS, ADMIN_TIMEOUT);
                return scaleAndCheck(env, broker.bootstrapServers(), offsets);
            }
        }
    }

    /** The instances' settings; {@code db} is where they write (through the chaos proxy under --chaos). */
    private Map<String, String> serviceEnv(Optional<DatabaseSettings> db) {
        Map<String, String> env = new HashMap<>(Map.of(
                ConsumerSettings.ORDERS_TOPIC, topic,
                ConsumerSettings.CONSUMER_GROUP_ID, group,
                ConsumerSettings.HTTP_PORT, "0", // every instance and producer on a port of its own
                ConsumerSettings.SINK, options.postgres() ? ConsumerSettings.SINK_POSTGRES : ConsumerSettings.SINK_LOG,
                ConsumerSettings.SINK_MODE, ConsumerSettings.MODE_EXACTLY_ONCE,
                TopicSettings.PARTITIONS, Integer.toString(ScalingDemo.ORDERS_PARTITIONS)));
        db.ifPresent(d -> env.putAll(Map.of(DatabaseSettings.DB_URL, d.url(), DatabaseSettings.DB_USER, d.user(),
                DatabaseSettings.DB_PASSWORD, d.password())));
        return env;
    }

    private int scaleAndCheck(Env env, String bootstrapServers, GroupOffsets offsets) throws Exception {
        ScalingPolicySettings settings = policy.settings();
        Duration coolDown = options.profile().coolDownAfter(settings.scaleDownStabilization());
        printPlan(settings, coolDown);
        Optional<Timestamp> runStart = database.isPresent() ? Optional.of(databaseNow(database.get())) : Optional.empty();
        Optional<Path> acknowledgements = database.isPresent() ? Optional.of(Files.createTempDirectory("scale-acknowledged-")) : Optional.empty();
        Path logs = options.dataDir().resolve("chaos-logs");
        Optional<TcpProxy> proxy = Optional.empty();
        Optional<ChildService> streams = Optional.empty();
        ConsumerFleet fleet = null;
        LoadGenerator load = null;
        LivePage live = null;
        Optional<ChaosMonkey> chaos = Optional.empty();
        AtomicReference<LoadGenerator> producers = new AtomicReference<>();
        boolean drained;
        try {
            if (options.chaos()) {
                DatabaseSettings db = database.orElseThrow(() -> new IllegalStateException("--chaos needs the postgres sink"));
                proxy = Optional.of(proxyTo(db));
                Files.createDirectories(logs);
                Map<String, String> childEnv = new HashMap<>(serviceEnv(Optional.of(proxied(db, proxy.get()))));
                childEnv.put(KafkaSettings.BOOTSTRAP_SERVERS, bootstrapServers);
                childEnv.putAll(ChildService.CONSUMER_FAST_FAILOVER);
                fleet = ConsumerFleet.children(childEnv, logs, READY_TIMEOUT);
                out.printf("--chaos: consumer instances and the streams app as child JVMs (logs in %s), their database through a proxy%n", logs);
                if (options.streams()) {
                    streams = Optional.of(startStreams(bootstrapServers, logs));
                }
            } else {
                fleet = ConsumerFleet.inProcess(env);
            }
            ConsumerFleet instances = fleet;
            Optional<ChildService> streamsApp = streams;
            live = LivePage.start(options.livePagePort(), new LiveSampler(
                    () -> endpoints(producers.get(), instances, streamsApp), rowsStored, events));
            out.printf("live page: %s%n", live.url());
            fleet.scaleTo(Math.max(1, settings.minReplicas())); // before the load, so the first instance's start-up is not lag
            load = LoadGenerator.start(env, options.profile(), coolDown, acknowledgements);
            producers.set(load);
            startNanos = load.startNanos(); // the run's clock is the profile's: start-up is not part of it
            events.record("start", "scaling run: topic " + topic + ", " + fleet.size() + " instance(s)");
            if (options.chaos()) {
                chaos = Optional.of(startChaos(fleet, proxy.get(), streams, load.totalDuration()));
            }
            ScalingStatus status = new ScalingStatus(startNanos, load, fleet);
            if (playProfile(load, fleet, offsets, status, chaos)) {
                chaos.ifPresent(ChaosMonkey::close); // every fault undone before the drain
                out.println("profile done: producer stopped, draining");
                drained = drain(load, fleet, offsets, status);
            } else {
                load.stopGenerating();
                out.println("stop requested: producer stopped, not draining");
                drained = false;
            }
        } finally {
            chaos.ifPresent(ChaosMonkey::close);
            if (load != null) {
                load.close(); // acknowledges or fails what is in flight; its counters stay readable
            }
            if (fleet != null) {
                fleet.close(); // every instance commits what it wrote before the table is counted
            }
            streams.ifPresent(ChildService::stop);
            if (proxy.isPresent()) {
                proxy.get().close();
            }
        }
        try {
            return check(load, fleet, offsets, drained, bootstrapServers, runStart, acknowledgements, chaos.map(ChaosMonkey::report));
        } finally {
            if (live != null) {
                live.close();
            }
        }
    }

    private static TcpProxy proxyTo(DatabaseSettings db) throws IOException {
        URI uri = URI.create(db.url().substring("jdbc:".length()));
        return new TcpProxy(uri.getHost() == null ? "localhost" : uri.getHost(), uri.getPort() < 0 ? 5432 : uri.getPort());
    }

    private static DatabaseSettings proxied(DatabaseSettings db, TcpProxy proxy) throws URISyntaxException {
        URI uri = URI.create(db.url().substring("jdbc:".length()));
        String[] hostAndPort = proxy.hostAndPort().split(":");
        String url = "jdbc:" + new URI(uri.getScheme(), null, hostAndPort[0], Integer.parseInt(hostAndPort[1]), uri.getPath(), uri.getQuery(), null);
        return new DatabaseSettings(url, db.user(), db.password());
    }

    /** The streams app on this run's topic, with an application id (and so state and changelogs) of its own. */
    private ChildService startStreams(String bootstrapServers, Path logs) throws IOException, InterruptedException {
        Map<String, String> env = new HashMap<>(ChildService.STREAMS_FAST_FAILOVER);
        env.putAll(Map.of(
                KafkaSettings.BOOTSTRAP_SERVERS, bootstrapServers,
                StreamsSettings.ORDERS_TOPIC, topic,
                StreamsSettings.APPLICATION_ID, "orders-streams.scale." + topic.substring(topic.lastIndexOf('.') + 1),
                StreamsSettings.STATE_DIR, options.dataDir().resolve("streams-state").toString()));
        ChildService streams = new ChildService("streams", StreamsMain.class, env, 0, logs.resolve("streams.log"));
        streams.start();
        if (!streams.awaitReady(READY_TIMEOUT)) {
            streams.destroy();
            throw new IllegalStateException("the streams app did not get ready within " + READY_TIMEOUT.toSeconds() + " s; see " + streams.logFile());
        }
        return streams;
    }

    private ChaosMonkey startChaos(ConsumerFleet fleet, TcpProxy proxy, Optional<ChildService> streams, Duration profile) {
        List<FaultKind> kinds = new ArrayList<>(List.of(FaultKind.CONSUMER_KILL, FaultKind.DATABASE_CUT));
        streams.ifPresent(s -> kinds.add(FaultKind.STREAMS_KILL));
        ChaosSchedule schedule = ChaosSchedule.plan(options.chaosSeed(), profile, kinds);
        out.printf("chaos: seed %d (replay with --chaos-seed %d), %d faults planned%n", schedule.seed(), schedule.seed(), schedule.faults().size());
        events.record("chaos", "seed " + schedule.seed() + ": " + schedule.faults().size() + " faults planned");
        return ChaosMonkey.start(schedule, new FleetChaosTargets(fleet, proxy, streams, READY_TIMEOUT), events, out, startNanos);
    }

    /** What the live page reads: the producers, the instances running now, the streams app. */
    private static List<ServiceEndpoint> endpoints(LoadGenerator load, ConsumerFleet fleet, Optional<ChildService> streams) {
        List<ServiceEndpoint> endpoints = new ArrayList<>();
        if (load != null) {
            List<Integer> ports = load.httpPorts();
            for (int i = 0; i < ports.size(); i++) {
                endpoints.add(new ServiceEndpoint(ServiceEndpoint.PRODUCER, i == 0 ? "producer (steady)" : "producer (burst)", ports.get(i)));
            }
        }
        endpoints.addAll(fleet.endpoints());
        streams.ifPresent(s -> endpoints.add(new ServiceEndpoint(ServiceEndpoint.STREAMS, "streams", s.port())));
        return endpoints;
    }

    private static Timestamp databaseNow(DatabaseSettings db) throws SQLException {
        try (Connection c = OrdersTableCount.connect(db); Statement st = c.createStatement(); ResultSet rs = st.executeQuery("SELECT now()")) {
            rs.next();
            return rs.getTimestamp(1);
        }
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
    private boolean playProfile(LoadGenerator load, ConsumerFleet fleet, GroupOffsets offsets, ScalingStatus status,
                                Optional<ChaosMonkey> chaos) throws Exception {
        long overtimeEnds = Long.MAX_VALUE;
        while (true) {
            boolean faultsLeft = chaos.isPresent() && !chaos.get().finished() && System.nanoTime() < overtimeEnds;
            if (load.phase() == Phase.COOL_DOWN && Duration.ofNanos(System.nanoTime() - startNanos).compareTo(load.totalDuration()) >= 0
                    && faultsLeft) {
                // Faults delayed by slow restarts still come, with orders flowing: the cool-down goes on meanwhile.
                if (overtimeEnds == Long.MAX_VALUE) {
                    overtimeEnds = System.nanoTime() + CHAOS_OVERTIME.toNanos();
                    out.println("profile over while faults are still planned (recoveries took longer than their slots): the cool-down goes on");
                }
            } else {
                Phase phase = load.advance();
                if (phase == Phase.DONE) {
                    return true;
                }
            }
            tick(load, fleet, offsets, status);
            if (stopRequested.await(options.tick().toMillis(), TimeUnit.MILLISECONDS)) {
                return false;
            }
        }
    }

    /** Ticks (scaling goes on) until everything sent is acknowledged and the group has caught up with the log end. */
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
            if (load.flushed() && caughtUp(lag, load, fleet, offsets)) {
                return true;
            }
            if (stopRequested.await(options.tick().toMillis(), TimeUnit.MILLISECONDS)) {
                return false;
            }
        }
        out.printf("not drained within %d s%n", options.drainTimeout().toSeconds());
        return false;
    }

    /**
     * Without chaos: no lag, and the instances processed as many orders as were acknowledged. Under chaos
     * a killed instance's counts die with it and a redelivered batch counts again, so the measure is the
     * sink's own: the offsets it stored in the database, at the log end.
     */
    private boolean caughtUp(long lag, LoadGenerator load, ConsumerFleet fleet, GroupOffsets offsets) throws Exception {
        if (!options.chaos()) {
            return lag == 0 && fleet.consumed() + fleet.deadLettered() >= load.acknowledged();
        }
        try {
            return OrdersTableCount.read(database.orElseThrow(), topic, group).offsetsMatch(offsets.logEndOffsets());
        } catch (SQLException notYet) {
            return false;
        }
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
            events.record("scale", decision.reason() + " [" + String.join(" ", changes) + "]");
        }
        return lag;
    }

    private int check(LoadGenerator load, ConsumerFleet fleet, GroupOffsets offsets, boolean drained, String bootstrapServers,
                      Optional<Timestamp> runStart, Optional<Path> acknowledgements, Optional<ChaosReport> chaos) throws Exception {
        Optional<OrdersTableCount> table = Optional.empty();
        boolean offsetsMatch = false;
        if (database.isPresent()) {
            OrdersTableCount count = OrdersTableCount.read(database.get(), topic, group);
            offsetsMatch = count.offsetsMatch(offsets.logEndOffsets());
            table = Optional.of(count);
        }
        ScalingSummary summary = new ScalingSummary(load.acknowledged(), load.failed(), fleet.consumed(), fleet.deadLettered(),
                table, offsetsMatch, scaleEvents, peakLag, secondsToDrain, fleet.peak(), drained, elapsed().toMillis() / 1e3);
        boolean passed = summary.passed();
        long missing = summary.missing();
        long duplicated = summary.duplicates();
        if (acknowledgements.isPresent() && drained) {
            Path all = concatenated(acknowledgements.get());
            out.println("verifying: every acknowledged order in the topic once, in the orders table once, and the table's offsets at the log end");
            SinkVerdict read = Verify.verifyTopic(all, bootstrapServers, topic, true, options.drainTimeout());
            // The steady and the burst producer send for the same users: order per user holds within each
            // producer only, so across both the topic is checked for each order once, not for their order.
            SinkVerdict topicVerdict = new SinkVerdict(read.sink(), read.result(), read.exactlyOnce(), false, read.undecodable());
            Verify.print(topicVerdict, out);
            SinkVerdict tableVerdict = Verify.verifyTableSince(all, database.orElseThrow(), runStart.orElseThrow());
            Verify.print(tableVerdict, out);
            StoredOffsets stored = Verify.verifyStoredOffsets(database.get(), group, topic, bootstrapServers, options.drainTimeout());
            Verify.print(stored, out);
            passed &= topicVerdict.passed() && tableVerdict.passed() && stored.atLogEnd();
            missing = Math.max(missing, tableVerdict.missing());
            duplicated = Math.max(duplicated, tableVerdict.duplicated());
        }
        out.println(summary.humanLines());
        if (chaos.isPresent()) {
            out.println("  chaos      " + chaos.get().humanLine());
            passed &= chaos.get().failures().isEmpty();
            String verdict = String.format("verdict    %s: %d missing, %d duplicated after %d consumer kills, %d streams kills, %d database cuts",
                    passed ? "PASSED" : "FAILED", missing, duplicated, chaos.get().consumerKills(), chaos.get().streamsKills(),
                    chaos.get().outageSeconds().size());
            out.println(verdict);
            events.record("verdict", verdict.substring("verdict    ".length()));
        }
        Map<String, Object> json = new java.util.LinkedHashMap<>(summary.asJson());
        json.put("passed", passed);
        json.put("chaos", chaos.map(ChaosReport::asJson).orElse(null));
        try {
            out.println(OrderJson.mapper().writeValueAsString(json));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
        return passed ? 0 : 1;
    }

    /** The producers' acknowledgement files as one (the verification reads one file). */
    private static Path concatenated(Path directory) throws IOException {
        Path all = directory.resolve("all.jsonl");
        try (Stream<Path> files = Files.list(directory)) {
            for (Path file : files.filter(f -> f.getFileName().toString().startsWith("producer-")).sorted().toList()) {
                Files.write(all, Files.readAllBytes(file), java.nio.file.StandardOpenOption.CREATE, java.nio.file.StandardOpenOption.APPEND);
            }
        }
        if (Files.notExists(all)) {
            Files.createFile(all);
        }
        return all;
    }

    private Duration elapsed() {
        return Duration.ofNanos(System.nanoTime() - startNanos);
    }
}

package io.datastreamscaling.local.launcher;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.datastreamscaling.consumer.ConsumerService;
import io.datastreamscaling.consumer.ConsumerSettings;
import io.datastreamscaling.consumer.sink.postgres.DatabaseSettings;
import io.datastreamscaling.local.broker.BrokerLogging;
import io.datastreamscaling.local.broker.Directories;
import io.datastreamscaling.local.broker.EmbeddedKafkaBroker;
import io.datastreamscaling.local.chaos.ChaosMonkey;
import io.datastreamscaling.local.chaos.ChaosSchedule;
import io.datastreamscaling.local.chaos.FaultKind;
import io.datastreamscaling.local.live.LiveEvents;
import io.datastreamscaling.local.live.LivePage;
import io.datastreamscaling.local.postgres.EmbeddedPostgresServer;
import io.datastreamscaling.local.process.ConsumerInstance;
import io.datastreamscaling.local.process.StreamsInstance;
import io.datastreamscaling.local.scaling.live.ScalingRun;
import io.datastreamscaling.local.scaling.live.ScalingRunOptions;
import io.datastreamscaling.local.verify.SinkVerdict;
import io.datastreamscaling.local.verify.StoredOffsets;
import io.datastreamscaling.local.verify.Verify;
import io.datastreamscaling.producer.ProducerService;
import io.datastreamscaling.producer.ProducerSettings;
import io.datastreamscaling.shared.config.Env;
import io.datastreamscaling.shared.config.InvalidSettingException;
import io.datastreamscaling.shared.config.KafkaSettings;
import io.datastreamscaling.shared.kafka.Topics;
import io.datastreamscaling.shared.order.OrderJson;
import io.datastreamscaling.streams.StreamsService;
import io.datastreamscaling.streams.StreamsSettings;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/**
 * The whole pipeline in one process: an embedded Kafka broker, the producer, the consumer writing
 * exactly once into PostgreSQL (an embedded server of its own unless {@code DB_URL} names one; or only
 * logging with {@code --sink log}) and the streams app, with one live status line every few seconds
 * and a summary at the end.
 *
 * <p>{@link #run} returns the exit code and {@link #main} only calls {@code System.exit}, so tests run
 * the launcher in-process (the pattern of Kafka's own {@code tools/}); {@link #startInBackground} starts
 * the same platform and hands back its ports, for tests that talk to the running services.
 */
public final class LocalPlatform {
    static final int PRODUCER_PORT = 8081;
    static final int STREAMS_PORT = 8082;
    static final int CONSUMER_PORT = 8083;
    /** How long a --chaos run goes on past its duration for faults delayed by slow restarts. */
    private static final Duration CHAOS_OVERTIME = Duration.ofMinutes(5);

    private final LauncherOptions options;
    private final Env baseEnv;
    private final PrintStream out;
    private final CountDownLatch stopRequested = new CountDownLatch(1);
    private final CountDownLatch stopped = new CountDownLatch(1);
    private final long startNanos = System.nanoTime();
    /** When the store was up (for the start-up line); written by the starting thread before the task completes. */
    private volatile long storeReadyNanos = System.nanoTime();

    LocalPlatform(LauncherOptions options, Env baseEnv, PrintStream out) {
        this.options = options;
        this.baseEnv = baseEnv;
        this.out = out;
    }

    public static void main(String[] args) {
        BrokerLogging.quietUnlessConfigured();
        // The embedded PostgreSQL library narrates every step at INFO; our own line says where it runs.
        if (System.getProperty("org.slf4j.simpleLogger.log.io.zonky") == null) {
            System.setProperty("org.slf4j.simpleLogger.log.io.zonky", "warn");
        }
        System.exit(run(args, Env.system(), System.out));
    }

    /** Runs until {@code --duration} has passed or the JVM is asked to stop; returns the exit code. */
    public static int run(String[] args, Env env, PrintStream out) {
        if (Arrays.asList(args).contains("--help") || Arrays.asList(args).contains("-h")) {
            out.print(usage());
            return 0;
        }
        LauncherOptions options;
        try {
            options = LauncherOptions.parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println("invalid option: " + e.getMessage() + " (--help lists the options)");
            return 2;
        }
        LocalPlatform platform = new LocalPlatform(options, env, out);
        Thread hook = new Thread(platform::requestStopAndWait, "local-platform-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        try {
            return platform.runUntilStopped();
        } catch (InvalidSettingException e) {
            System.err.println("invalid configuration: " + e.getMessage());
            return 2;
        } finally {
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException exiting) {
                // the JVM is exiting: the hook is running and waits for us
            }
        }
    }

    /** The options, as {@code --help} prints them. */
    static String usage() {
        try (InputStream in = LocalPlatform.class.getResourceAsStream("usage.txt")) {
            if (in == null) {
                throw new IllegalStateException("usage.txt is missing from the launcher's jar");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void requestStopAndWait() {
        stopRequested.countDown();
        try {
            stopped.await(90, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * Starts the broker and the services like {@link #run}, and returns once every service answers on
     * its HTTP port; status lines, the drain after {@code --duration} and the summary then go on in a
     * background thread. For tests and tools that talk to the running platform: ports are in
     * {@link RunningPlatform#httpPorts()}; {@link RunningPlatform#close()} stops it. No JVM shutdown
     * hook is installed: the caller owns the platform and must close it.
     *
     * @throws IllegalArgumentException for an invalid option
     * @throws InvalidSettingException for invalid configuration
     */
    public static RunningPlatform startInBackground(String[] args, Env env, PrintStream out) throws Exception {
        LauncherOptions options = LauncherOptions.parse(args);
        if (options.scale().isPresent()) {
            throw new IllegalArgumentException("--scale runs in the foreground only: use LocalPlatform.run");
        }
        LocalPlatform platform = new LocalPlatform(options, env, out);
        Started started = platform.start();
        CompletableFuture<Integer> exitCode = new CompletableFuture<>();
        Thread runner = new Thread(() -> exitCode.complete(platform.runStarted(started)), "local-platform");
        runner.start();
        return new RunningPlatform(started.services().httpPorts(), started.live().port(), started.broker().bootstrapServers(),
                platform::requestStopAndWait, exitCode);
    }

    private int runUntilStopped() {
        if (options.scale().isPresent()) {
            return runScaling(options.scale().get());
        }
        Started started;
        try {
            started = start();
        } catch (InvalidSettingException e) {
            stopped.countDown();
            throw e;
        } catch (Exception e) {
            out.println("failed: " + e);
            stopped.countDown();
            return 1;
        }
        return runStarted(started);
    }

    /**
     * {@code --scale}: the scaling run instead of the platform (see {@link ScalingRun}), into the same
     * store as the plain run: the embedded PostgreSQL unless {@code DB_URL} names one, or the log sink.
     */
    private int runScaling(ScalingRunOptions scaling) {
        Optional<OrdersStore> store = Optional.empty();
        try {
            if (options.wipe()) {
                Directories.deleteRecursively(options.dataDir());
            }
            store = startStore();
            store.ifPresent(s -> out.printf(Locale.ROOT, "orders go to the %s, ready after %.1f s%n", s.describe(),
                    (storeReadyNanos - startNanos) / 1e9));
            Optional<OrdersStore> rows = store;
            return ScalingRun.run(scaling, baseEnv, out, stopRequested, store.map(OrdersStore::database),
                    () -> rows.map(OrdersStore::rows).orElse(OptionalLong.empty()));
        } catch (InvalidSettingException e) {
            throw e;
        } catch (Exception e) {
            out.println("failed: " + e);
            return 1;
        } finally {
            store.ifPresent(OrdersStore::close);
            stopped.countDown();
        }
    }

    /**
     * A started run; {@code acknowledgements} is the producer's verification file under {@code --verify};
     * {@code runStart} the database's clock before the consumer started (this run's rows are newer).
     */
    private record Started(EmbeddedKafkaBroker broker, Services services, Optional<OrdersStore> store,
                           Optional<Timestamp> runStart, Optional<Path> acknowledgements, LivePage live, LiveEvents events) {
    }

    /**
     * The broker and the database side by side (neither needs the other, and each takes seconds), then
     * the services against them; on failure nothing is left running.
     */
    private Started start() throws Exception {
        if (options.wipe()) {
            // Before anything starts: the database's data lives inside the broker's directory.
            Directories.deleteRecursively(options.dataDir());
        }
        FutureTask<Optional<OrdersStore>> store = new FutureTask<>(this::startStore);
        Thread storeStarter = new Thread(store, "orders-store-start");
        storeStarter.setDaemon(true);
        storeStarter.start();
        out.printf("starting the embedded Kafka broker (data in %s)%n", options.dataDir());
        EmbeddedKafkaBroker broker;
        try {
            broker = EmbeddedKafkaBroker.start(new EmbeddedKafkaBroker.Settings(
                    options.dataDir(), options.kafkaPort(), false, false, Map.of()));
        } catch (Exception | Error e) {
            try {
                awaitStore(store).ifPresent(OrdersStore::close);
            } catch (Exception storeFailed) {
                e.addSuppressed(storeFailed);
            }
            throw e;
        }
        Optional<OrdersStore> started = Optional.empty();
        try {
            started = awaitStore(store);
            started.ifPresent(s -> out.printf(Locale.ROOT, "orders go to the %s, ready after %.1f s%n",
                    s.describe(), (storeReadyNanos - startNanos) / 1e9));
            Optional<Timestamp> runStart = started.isPresent() ? Optional.of(started.get().now()) : Optional.empty();
            Env env = baseEnv.with(KafkaSettings.BOOTSTRAP_SERVERS, broker.bootstrapServers());
            Optional<Path> acknowledgements = options.verify()
                    ? Optional.of(Files.createTempFile("acknowledged-orders-", ".jsonl")) : Optional.empty();
            Optional<ChaosChildren> children = Optional.empty();
            if (options.chaos()) {
                Path logs = options.dataDir().resolve("chaos-logs");
                out.printf("--chaos: consumer and streams as child JVMs (logs in %s), the consumer's database through a proxy%n", logs);
                children = Optional.of(ChaosChildren.start(env, options, started.orElseThrow().database(), logs));
            }
            Services services;
            try {
                services = Services.start(env, options, acknowledgements, started.map(OrdersStore::database), children);
            } catch (Exception | Error e) {
                children.ifPresent(ChaosChildren::close);
                throw e;
            }
            out.printf(Locale.ROOT, "running after %.1f s: producer http://localhost:%d  consumer http://localhost:%d%s%n",
                    (System.nanoTime() - startNanos) / 1e9, services.producer.httpPort(), services.consumer.httpPort(),
                    services.streams.map(s -> "  streams http://localhost:" + s.httpPort()).orElse(""));
            LiveEvents events = new LiveEvents();
            events.record("start", "pipeline running" + started.map(s -> ", orders into the " + s.describe()).orElse(""));
            Optional<OrdersStore> ordersStore = started;
            LivePage live;
            try {
                live = LivePage.startFor(options.ephemeralPorts() ? 0 : LivePage.DEFAULT_PORT, services.httpPorts(),
                        () -> ordersStore.map(OrdersStore::rows).orElse(OptionalLong.empty()), events);
            } catch (IOException | RuntimeException e) {
                services.close();
                throw e;
            }
            out.printf("live page: %s%n", live.url());
            return new Started(broker, services, started, runStart, acknowledgements, live, events);
        } catch (Exception | Error e) {
            started.ifPresent(OrdersStore::close);
            broker.close();
            throw e;
        }
    }

    /** The store the sink writes to: none for --sink log, DB_URL's database, or our own embedded server. */
    private Optional<OrdersStore> startStore() throws Exception {
        if (!options.postgres()) {
            return Optional.empty();
        }
        if (baseEnv.optional(DatabaseSettings.DB_URL).isPresent()) {
            OrdersStore store = OrdersStore.external(DatabaseSettings.from(baseEnv));
            storeReadyNanos = System.nanoTime();
            return Optional.of(store);
        }
        int port = options.ephemeralPorts() ? 0 : options.postgresPort();
        OrdersStore store = OrdersStore.embedded(EmbeddedPostgresServer.start(options.postgresDataDir(), port));
        storeReadyNanos = System.nanoTime();
        return Optional.of(store);
    }

    /** The result of {@link #startStore}, its own exceptions rethrown as they are. */
    private static Optional<OrdersStore> awaitStore(FutureTask<Optional<OrdersStore>> store) throws Exception {
        try {
            return store.get();
        } catch (ExecutionException e) {
            if (e.getCause() instanceof Exception cause) {
                throw cause;
            }
            if (e.getCause() instanceof Error cause) {
                throw cause;
            }
            throw e;
        }
    }

    /** Waits for the duration or a stop request, drains after a duration, prints the summary, closes everything. */
    private int runStarted(Started started) {
        Optional<ChaosMonkey> chaos = Optional.empty();
        try (Services services = started.services()) {
            out.println(options.duration().map(d -> "for " + d.toSeconds() + " s").orElse("until Ctrl-C"));
            if (services.children.isPresent()) {
                chaos = Optional.of(startChaos(services.children.get(), started.events()));
            }
            boolean timedOut = waitForStop(services, started.store());
            if (timedOut && chaos.isPresent() && !chaos.get().finished()) {
                out.println("duration reached while faults are still planned (recoveries took longer than their slots): "
                        + "orders keep flowing until the schedule is played");
                chaos.get().finish(CHAOS_OVERTIME);
            }
            // Every fault is undone before the drain: a restart in progress ends, the proxy lets connections through.
            chaos.ifPresent(ChaosMonkey::close);
            int exitCode = 0;
            if (timedOut) {
                exitCode = drain(services, started) ? 0 : 1;
            }
            RunSummary summary = services.summary((System.nanoTime() - startNanos) / 1e9);
            if (started.store().isPresent()) {
                OrdersStore store = started.store().get();
                summary = summary.withStore(store.rows().orElse(-1), store.psqlCommand());
            }
            if (chaos.isPresent()) {
                summary = summary.withChaos(chaos.get().report());
                exitCode = chaos.get().report().failures().isEmpty() ? exitCode : 1;
            }
            if (timedOut && started.acknowledgements().isPresent()) {
                RunSummary.Verification verification = verify(services, started);
                summary = summary.withVerification(verification);
                exitCode = verification.passed() ? exitCode : 1;
            }
            if (chaos.isPresent()) {
                started.events().record("verdict", summary.verdictLine(exitCode == 0));
            }
            printSummary(summary, exitCode == 0);
            // Before the services close: the page's scrapes would otherwise meet servers shutting down.
            started.live().close();
            return exitCode;
        } catch (Exception e) {
            out.println("failed: " + e);
            return 1;
        } finally {
            chaos.ifPresent(ChaosMonkey::close);
            started.live().close();
            // The consumer (closed above) commits into the database before it stops; the broker goes last.
            started.store().ifPresent(OrdersStore::close);
            started.broker().close();
            started.acknowledgements().ifPresent(file -> file.toFile().delete());
            stopped.countDown();
        }
    }

    /** Plans the faults over the duration from the seed (printed, to replay with --chaos-seed) and starts playing them. */
    private ChaosMonkey startChaos(ChaosChildren children, LiveEvents events) {
        List<FaultKind> kinds = children.streams().isPresent()
                ? List.of(FaultKind.CONSUMER_KILL, FaultKind.DATABASE_CUT, FaultKind.STREAMS_KILL)
                : List.of(FaultKind.CONSUMER_KILL, FaultKind.DATABASE_CUT);
        ChaosSchedule schedule = ChaosSchedule.plan(options.chaosSeed(), options.duration().orElseThrow(), kinds);
        out.printf("chaos: seed %d (replay with --chaos-seed %d), %d faults planned%n", schedule.seed(), schedule.seed(),
                schedule.faults().size());
        events.record("chaos", "seed " + schedule.seed() + ": " + schedule.faults().size() + " faults planned");
        return ChaosMonkey.start(schedule, children, events, out, System.nanoTime());
    }

    /**
     * Closes the producer (its verification file is complete only then) and checks that the topic
     * holds every acknowledged order exactly once, in order per user (the producer is idempotent);
     * with the postgres sink also that this run's rows hold each acknowledged order once and that the
     * offsets stored with them are the topic's log end (the table is complete, and a restart resumes there).
     */
    private RunSummary.Verification verify(Services services, Started started) throws IOException, SQLException {
        services.producer.close();
        Path acknowledgements = started.acknowledgements().orElseThrow();
        String bootstrapServers = started.broker().bootstrapServers();
        String topic = topic();
        out.println("verifying: every acknowledged order in the topic once"
                + (started.store().isPresent() ? ", in the orders table once, and the table's offsets at the log end" : ""));
        SinkVerdict topicVerdict = Verify.verifyTopic(acknowledgements, bootstrapServers, topic, true, options.drainTimeout());
        Verify.print(topicVerdict, out);
        if (started.store().isEmpty()) {
            return new RunSummary.Verification(topicVerdict, Optional.empty(), Optional.empty());
        }
        DatabaseSettings database = started.store().get().database();
        SinkVerdict tableVerdict = Verify.verifyTableSince(acknowledgements, database, started.runStart().orElseThrow());
        Verify.print(tableVerdict, out);
        String group = group();
        StoredOffsets offsets = Verify.verifyStoredOffsets(database, group, topic, bootstrapServers, options.drainTimeout());
        Verify.print(offsets, out);
        return new RunSummary.Verification(topicVerdict, Optional.of(tableVerdict), Optional.of(offsets));
    }

    /** Prints status lines until the duration passes (true) or a stop is requested (false). */
    private boolean waitForStop(Services services, Optional<OrdersStore> store) throws InterruptedException {
        long deadline = options.duration().map(d -> System.nanoTime() + d.toNanos()).orElse(Long.MAX_VALUE);
        StatusLine status = new StatusLine(services, store);
        while (true) {
            long remaining = deadline - System.nanoTime();
            long waitNanos = Math.min(options.statusEvery().toNanos(), Math.max(0, remaining));
            if (stopRequested.await(waitNanos, TimeUnit.NANOSECONDS)) {
                return false;
            }
            out.println(status.next());
            if (System.nanoTime() >= deadline) {
                return true;
            }
        }
    }

    /**
     * Stops the generator and waits (bounded) until every sent order is acknowledged or failed and the
     * consumer has caught up: lag zero and at least as many records consumed as were acknowledged.
     */
    private boolean drain(Services services, Started started) throws InterruptedException {
        Optional<OrdersStore> store = started.store();
        services.producer.stopGenerating();
        out.println("duration reached: producer stopped, draining the consumer");
        StatusLine status = new StatusLine(services, store);
        boolean flushed = awaitCondition(() -> services.producer.sent() == services.producer.acknowledged() + services.producer.failed(),
                Duration.ofSeconds(30), status);
        BooleanSupplier caughtUp = services.children.isPresent()
                // A killed consumer's counts die with it and a redelivered batch counts again: the offsets the
                // sink stored in the database, at the log end, are the measure of having caught up.
                ? () -> services.consumer.totalLag() == 0 && storedOffsetsAtLogEnd(started)
                : () -> services.consumer.totalLag() == 0
                        && services.consumer.consumed() + services.consumer.deadLettered() >= services.producer.acknowledged();
        boolean drained = awaitCondition(caughtUp, options.drainTimeout(), status);
        if (!flushed || !drained) {
            out.printf("not drained within %d s: lag %d%n", options.drainTimeout().toSeconds(), services.consumer.totalLag());
        }
        return flushed && drained;
    }

    /** Whether the sink's offsets in the database equal the topic's log end (false while either does not answer). */
    private boolean storedOffsetsAtLogEnd(Started started) {
        try {
            return Verify.verifyStoredOffsets(started.store().orElseThrow().database(), group(), topic(),
                    started.broker().bootstrapServers(), Duration.ofSeconds(5)).atLogEnd();
        } catch (Exception notYet) {
            return false;
        }
    }

    private String topic() {
        return baseEnv.optional(ConsumerSettings.ORDERS_TOPIC).orElse(Topics.ORDERS);
    }

    private String group() {
        return baseEnv.optional(ConsumerSettings.CONSUMER_GROUP_ID).orElse(ConsumerSettings.DEFAULT_GROUP_ID);
    }

    private boolean awaitCondition(BooleanSupplier condition, Duration timeout, StatusLine status) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        long nextStatus = System.nanoTime() + options.statusEvery().toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline || stopRequested.await(100, TimeUnit.MILLISECONDS)) {
                return condition.getAsBoolean();
            }
            if (System.nanoTime() > nextStatus) {
                out.println(status.next());
                nextStatus = System.nanoTime() + options.statusEvery().toNanos();
            }
        }
        return true;
    }

    private void printSummary(RunSummary summary, boolean passed) {
        out.println(summary.humanLines());
        if (summary.chaos().isPresent()) {
            out.println(summary.verdictLine(passed));
        }
        try {
            out.println(OrderJson.mapper().writeValueAsString(summary.asJson()));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * The services of one run, started in order (readers first) and closed in reverse. The consumer and
     * the streams app run in this JVM, or under {@code --chaos} as child JVMs ({@link ChaosChildren}).
     */
    static final class Services implements AutoCloseable {
        final ProducerService producer;
        final ConsumerInstance consumer;
        final Optional<StreamsInstance> streams;
        final Optional<ChaosChildren> children;

        private Services(ProducerService producer, ConsumerInstance consumer, Optional<StreamsInstance> streams,
                         Optional<ChaosChildren> children) {
            this.producer = producer;
            this.consumer = consumer;
            this.streams = streams;
            this.children = children;
        }

        /**
         * @param database where the consumer's exactly-once sink writes; empty: the log sink
         * @param children under {@code --chaos}: the consumer and the streams app as child JVMs, already started
         */
        static Services start(Env env, LauncherOptions options, Optional<Path> acknowledgements,
                              Optional<DatabaseSettings> database, Optional<ChaosChildren> children) throws Exception {
            ConsumerInstance consumer;
            Optional<StreamsInstance> streams = Optional.empty();
            if (children.isPresent()) {
                consumer = ConsumerInstance.child(children.get().consumer());
                streams = children.get().streams().map(StreamsInstance::child);
            } else {
                consumer = ConsumerInstance.inProcess(ConsumerService.start(env.with(consumerEnv(options, database))));
            }
            try {
                if (options.streams() && children.isEmpty()) {
                    streams = Optional.of(StreamsInstance.inProcess(StreamsService.start(env.with(streamsEnv(options, 0)))));
                }
                Map<String, String> producerEnv = serviceEnv(options, PRODUCER_PORT, options.rate());
                acknowledgements.ifPresent(file -> producerEnv.put(ProducerSettings.PRODUCER_VERIFY_FILE, file.toString()));
                ProducerService producer = ProducerService.start(env.with(producerEnv));
                return new Services(producer, consumer, streams, children);
            } catch (Exception | Error e) {
                streams.ifPresent(StreamsInstance::close);
                consumer.close();
                throw e;
            }
        }

        /** The consumer's settings of this run: its port, and its sink (the postgres sink into {@code database}, or the log sink). */
        static Map<String, String> consumerEnv(LauncherOptions options, Optional<DatabaseSettings> database) {
            Map<String, String> consumerEnv = serviceEnv(options, CONSUMER_PORT, Optional.empty());
            if (database.isPresent()) {
                consumerEnv.put(ConsumerSettings.SINK, ConsumerSettings.SINK_POSTGRES);
                consumerEnv.put(DatabaseSettings.DB_URL, database.get().url());
                consumerEnv.put(DatabaseSettings.DB_USER, database.get().user());
                consumerEnv.put(DatabaseSettings.DB_PASSWORD, database.get().password());
            } else {
                consumerEnv.put(ConsumerSettings.SINK, ConsumerSettings.SINK_LOG);
            }
            return consumerEnv;
        }

        /** @param port the streams app's HTTP port; 0: the launcher's (8082, or any free one with --ephemeral-ports) */
        static Map<String, String> streamsEnv(LauncherOptions options, int port) {
            Map<String, String> streamsEnv = serviceEnv(options, STREAMS_PORT, Optional.empty());
            if (port != 0) {
                streamsEnv.put("HTTP_PORT", Integer.toString(port));
            }
            // Beside the broker's data, so --wipe clears both and the state never outlives its changelogs.
            streamsEnv.putIfAbsent(StreamsSettings.STATE_DIR, options.dataDir().resolve("streams-state").toString());
            return streamsEnv;
        }

        private static Map<String, String> serviceEnv(LauncherOptions options, int port, Optional<String> rate) {
            Map<String, String> env = new HashMap<>();
            env.put("HTTP_PORT", Integer.toString(options.ephemeralPorts() ? 0 : port));
            rate.ifPresent(r -> env.put("PRODUCER_RATE", r));
            return env;
        }

        /** Each running service's HTTP port, by service name. */
        Map<String, Integer> httpPorts() {
            Map<String, Integer> ports = new TreeMap<>();
            ports.put("producer", producer.httpPort());
            ports.put("consumer", consumer.httpPort());
            streams.ifPresent(s -> ports.put("streams", s.httpPort()));
            return ports;
        }

        long totalErrors() {
            return producer.failed() + consumer.deadLettered();
        }

        RunSummary summary(double seconds) {
            return new RunSummary(producer.sent(), producer.acknowledged(), producer.failed(),
                    consumer.consumed(), consumer.deadLettered(), consumer.totalLag(), windowsEmitted(), seconds,
                    Optional.empty(), Optional.empty(), Optional.empty());
        }

        long windowsEmitted() {
            return streams.map(StreamsInstance::windowsEmitted).orElse(0L);
        }

        @Override
        public void close() {
            producer.close();
            streams.ifPresent(StreamsInstance::close);
            consumer.close();
            children.ifPresent(ChaosChildren::close);
        }
    }
}

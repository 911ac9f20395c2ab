package io.datastreamscaling.local.launcher;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.datastreamscaling.consumer.ConsumerService;
import io.datastreamscaling.local.broker.BrokerLogging;
import io.datastreamscaling.local.broker.EmbeddedKafkaBroker;
import io.datastreamscaling.local.scaling.live.ScalingRun;
import io.datastreamscaling.local.scaling.live.ScalingRunOptions;
import io.datastreamscaling.local.verify.SinkVerdict;
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
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/**
 * The whole pipeline in one process: an embedded Kafka broker, the producer, the consumer and the
 * streams app, with one live status line every few seconds and a summary at the end.
 *
 * <p>{@link #run} returns the exit code and {@link #main} only calls {@code System.exit}, so tests run
 * the launcher in-process (the pattern of Kafka's own {@code tools/}); {@link #startInBackground} starts
 * the same platform and hands back its ports, for tests that talk to the running services.
 */
public final class LocalPlatform {
    static final int PRODUCER_PORT = 8081;
    static final int STREAMS_PORT = 8082;
    static final int CONSUMER_PORT = 8083;

    private final LauncherOptions options;
    private final Env baseEnv;
    private final PrintStream out;
    private final CountDownLatch stopRequested = new CountDownLatch(1);
    private final CountDownLatch stopped = new CountDownLatch(1);
    private final long startNanos = System.nanoTime();

    LocalPlatform(LauncherOptions options, Env baseEnv, PrintStream out) {
        this.options = options;
        this.baseEnv = baseEnv;
        this.out = out;
    }

    public static void main(String[] args) {
        BrokerLogging.quietUnlessConfigured();
        System.exit(run(args, Env.system(), System.out));
    }

    /** Runs until {@code --duration} has passed or the JVM is asked to stop; returns the exit code. */
    public static int run(String[] args, Env env, PrintStream out) {
        LauncherOptions options;
        try {
            options = LauncherOptions.parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println("invalid option: " + e.getMessage());
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
        return new RunningPlatform(started.services().httpPorts(), started.broker().bootstrapServers(),
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

    /** {@code --scale}: the scaling run instead of the platform (see {@link ScalingRun}). */
    private int runScaling(ScalingRunOptions scaling) {
        try {
            return ScalingRun.run(scaling, baseEnv, out, stopRequested);
        } catch (InvalidSettingException e) {
            throw e;
        } catch (Exception e) {
            out.println("failed: " + e);
            return 1;
        } finally {
            stopped.countDown();
        }
    }

    /** A started run; {@code acknowledgements} is the producer's verification file under {@code --verify}. */
    private record Started(EmbeddedKafkaBroker broker, Services services, Optional<Path> acknowledgements) {
    }

    /** The broker, then the services against it; on failure nothing is left running. */
    private Started start() throws Exception {
        out.printf("starting the embedded Kafka broker (data in %s)%n", options.dataDir());
        EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start(new EmbeddedKafkaBroker.Settings(
                options.dataDir(), options.kafkaPort(), options.wipe(), false, Map.of()));
        try {
            Env env = baseEnv.with(KafkaSettings.BOOTSTRAP_SERVERS, broker.bootstrapServers());
            Optional<Path> acknowledgements = options.verify()
                    ? Optional.of(Files.createTempFile("acknowledged-orders-", ".jsonl")) : Optional.empty();
            Services services = Services.start(env, options, acknowledgements);
            out.printf("running: producer http://localhost:%d  consumer http://localhost:%d%s%n",
                    services.producer.httpPort(), services.consumer.httpPort(),
                    services.streams.map(s -> "  streams http://localhost:" + s.httpPort()).orElse(""));
            return new Started(broker, services, acknowledgements);
        } catch (Exception | Error e) {
            broker.close();
            throw e;
        }
    }

    /** Waits for the duration or a stop request, drains after a duration, prints the summary, closes everything. */
    private int runStarted(Started started) {
        try (Services services = started.services()) {
            out.println(options.duration().map(d -> "for " + d.toSeconds() + " s").orElse("until Ctrl-C"));
            boolean timedOut = waitForStop(services);
            int exitCode = 0;
            if (timedOut) {
                exitCode = drain(services) ? 0 : 1;
            }
            RunSummary summary = services.summary((System.nanoTime() - startNanos) / 1e9);
            if (timedOut && started.acknowledgements().isPresent()) {
                SinkVerdict verdict = verify(services, started.acknowledgements().get(), started.broker().bootstrapServers());
                summary = summary.withVerification(verdict.missing(), verdict.duplicated());
                exitCode = verdict.passed() ? exitCode : 1;
            }
            printSummary(summary);
            return exitCode;
        } catch (Exception e) {
            out.println("failed: " + e);
            return 1;
        } finally {
            started.broker().close();
            started.acknowledgements().ifPresent(file -> file.toFile().delete());
            stopped.countDown();
        }
    }

    /**
     * Closes the producer (its verification file is complete only then) and checks that the topic
     * holds every acknowledged order exactly once, in order per user: the producer is idempotent.
     */
    private SinkVerdict verify(Services services, Path acknowledgements, String bootstrapServers) throws IOException {
        services.producer.close();
        out.println("verifying: every acknowledged order in the topic, once");
        String topic = baseEnv.optional("ORDERS_TOPIC").orElse(Topics.ORDERS);
        SinkVerdict verdict = Verify.verifyTopic(acknowledgements, bootstrapServers, topic, true, options.drainTimeout());
        Verify.print(verdict, out);
        return verdict;
    }

    /** Prints status lines until the duration passes (true) or a stop is requested (false). */
    private boolean waitForStop(Services services) throws InterruptedException {
        long deadline = options.duration().map(d -> System.nanoTime() + d.toNanos()).orElse(Long.MAX_VALUE);
        StatusLine status = new StatusLine(services);
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
    private boolean drain(Services services) throws InterruptedException {
        services.producer.stopGenerating();
        out.println("duration reached: producer stopped, draining the consumer");
        StatusLine status = new StatusLine(services);
        boolean flushed = awaitCondition(() -> services.producer.sent() == services.producer.acknowledged() + services.producer.failed(),
                Duration.ofSeconds(30), status);
        boolean drained = awaitCondition(() -> services.consumer.totalLag() == 0
                        && services.consumer.consumed() + services.consumer.deadLettered() >= services.producer.acknowledged(),
                options.drainTimeout(), status);
        if (!flushed || !drained) {
            out.printf("not drained within %d s: lag %d%n", options.drainTimeout().toSeconds(), services.consumer.totalLag());
        }
        return flushed && drained;
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

    private void printSummary(RunSummary summary) {
        out.println(summary.humanLines());
        try {
            out.println(OrderJson.mapper().writeValueAsString(summary.asJson()));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The services of one run, started in order (readers first) and closed in reverse. */
    static final class Services implements AutoCloseable {
        final ProducerService producer;
        final ConsumerService consumer;
        final Optional<StreamsService> streams;

        private Services(ProducerService producer, ConsumerService consumer, Optional<StreamsService> streams) {
            this.producer = producer;
            this.consumer = consumer;
            this.streams = streams;
        }

        static Services start(Env env, LauncherOptions options, Optional<Path> acknowledgements) throws Exception {
            ConsumerService consumer = ConsumerService.start(env.with(serviceEnv(options, CONSUMER_PORT, Optional.empty())));
            Optional<StreamsService> streams = Optional.empty();
            try {
                if (options.streams()) {
                    Map<String, String> streamsEnv = serviceEnv(options, STREAMS_PORT, Optional.empty());
                    // Beside the broker's data, so --wipe clears both and the state never outlives its changelogs.
                    streamsEnv.putIfAbsent(StreamsSettings.STATE_DIR, options.dataDir().resolve("streams-state").toString());
                    streams = Optional.of(StreamsService.start(env.with(streamsEnv)));
                }
                Map<String, String> producerEnv = serviceEnv(options, PRODUCER_PORT, options.rate());
                acknowledgements.ifPresent(file -> producerEnv.put(ProducerSettings.PRODUCER_VERIFY_FILE, file.toString()));
                ProducerService producer = ProducerService.start(env.with(producerEnv));
                return new Services(producer, consumer, streams);
            } catch (Exception | Error e) {
                streams.ifPresent(StreamsService::close);
                consumer.close();
                throw e;
            }
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
                    consumer.consumed(), consumer.deadLettered(), consumer.totalLag(), windowsEmitted(), seconds, null, null);
        }

        long windowsEmitted() {
            return streams.map(StreamsService::windowsEmitted).orElse(0L);
        }

        @Override
        public void close() {
            producer.close();
            streams.ifPresent(StreamsService::close);
            consumer.close();
        }
    }
}

package io.datastreamscaling.local.launcher;

import io.datastreamscaling.consumer.ConsumerMain;
import io.datastreamscaling.consumer.ConsumerSettings;
import io.datastreamscaling.consumer.sink.postgres.DatabaseSettings;
import io.datastreamscaling.local.chaos.DatabaseAndStreamsFaults;
import io.datastreamscaling.local.faults.TcpProxy;
import io.datastreamscaling.local.process.ChildService;
import io.datastreamscaling.shared.config.Env;
import io.datastreamscaling.shared.config.KafkaSettings;
import io.datastreamscaling.streams.StreamsMain;
import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;

/**
 * The one command's {@code --chaos} targets: the consumer and the streams app as child JVMs (a SIGKILL
 * must kill a process, not a thread of the launcher), and a {@link TcpProxy} between the consumer and
 * PostgreSQL, so the database connection can be cut without stopping the database the verification reads.
 */
final class ChaosChildren extends DatabaseAndStreamsFaults implements AutoCloseable {
    /** A restarted JVM on two busy cores: seconds to start, then the group's rebalance; over 90 s at a load of 70. */
    static final Duration READY_TIMEOUT = Duration.ofSeconds(180);
    /** What the launcher's caller may have set for the whole run, handed on to the children as it is. */
    private static final List<String> PASSED_ON = List.of(
            ConsumerSettings.ORDERS_TOPIC, ConsumerSettings.DLQ_TOPIC, ConsumerSettings.CONSUMER_GROUP_ID);

    private final ChildService consumer;

    private ChaosChildren(ChildService consumer, Optional<ChildService> streams, TcpProxy proxy) {
        super(proxy, streams, READY_TIMEOUT, "consumer");
        this.consumer = consumer;
    }

    /** Starts the proxy and the children and waits until they are ready; on failure nothing is left running. */
    static ChaosChildren start(Env env, LauncherOptions options, DatabaseSettings database, Path logs) throws Exception {
        Files.createDirectories(logs);
        URI db = URI.create(database.url().substring("jdbc:".length()));
        TcpProxy proxy = new TcpProxy(db.getHost() == null ? "localhost" : db.getHost(), db.getPort() < 0 ? 5432 : db.getPort());
        ChildService consumer = null;
        Optional<ChildService> streams = Optional.empty();
        try {
            DatabaseSettings proxied = new DatabaseSettings(throughProxy(database.url(), proxy), database.user(), database.password());
            Map<String, String> consumerEnv = common(env);
            consumerEnv.putAll(LocalPlatform.Services.consumerEnv(options, Optional.of(proxied)));
            consumerEnv.putAll(ChildService.CONSUMER_FAST_FAILOVER);
            consumer = new ChildService("consumer", ConsumerMain.class, consumerEnv,
                    options.ephemeralPorts() ? 0 : LocalPlatform.CONSUMER_PORT, logs.resolve("consumer.log"));
            if (options.streams()) {
                Map<String, String> streamsEnv = common(env);
                streamsEnv.putAll(LocalPlatform.Services.streamsEnv(options, 0));
                streamsEnv.putAll(ChildService.STREAMS_FAST_FAILOVER);
                streams = Optional.of(new ChildService("streams", StreamsMain.class, streamsEnv,
                        options.ephemeralPorts() ? 0 : LocalPlatform.STREAMS_PORT, logs.resolve("streams.log")));
            }
            ChaosChildren children = new ChaosChildren(consumer, streams, proxy);
            consumer.start();
            streams.ifPresent(ChildService::start);
            consumer.awaitReadyOrThrow(READY_TIMEOUT);
            if (streams.isPresent()) {
                streams.get().awaitReadyOrThrow(READY_TIMEOUT);
            }
            return children;
        } catch (Exception | Error e) {
            if (consumer != null) {
                consumer.destroy();
            }
            streams.ifPresent(ChildService::destroy);
            proxy.close();
            throw e;
        }
    }

    private static Map<String, String> common(Env env) {
        Map<String, String> common = new HashMap<>();
        common.put(KafkaSettings.BOOTSTRAP_SERVERS, env.required(KafkaSettings.BOOTSTRAP_SERVERS));
        PASSED_ON.forEach(name -> env.optional(name).ifPresent(value -> common.put(name, value)));
        return common;
    }

    /** The same JDBC URL with the proxy's host and port. */
    static String throughProxy(String jdbcUrl, TcpProxy proxy) throws URISyntaxException {
        URI db = URI.create(jdbcUrl.substring("jdbc:".length()));
        String[] hostAndPort = proxy.hostAndPort().split(":");
        return "jdbc:" + new URI(db.getScheme(), null, hostAndPort[0], Integer.parseInt(hostAndPort[1]), db.getPath(),
                db.getQuery(), null);
    }

    ChildService consumer() {
        return consumer;
    }

    Optional<ChildService> streams() {
        return streams;
    }

    @Override
    public String killConsumer(Random random) {
        long pid = consumer.kill();
        return "consumer (pid " + pid + ")";
    }

    @Override
    public String restartConsumer() throws InterruptedException {
        return consumer.restart(READY_TIMEOUT);
    }

    /** Stops what still runs (the services close in order first, see LocalPlatform.Services), then the proxy. */
    @Override
    public void close() {
        consumer.destroy();
        streams.ifPresent(ChildService::destroy);
        try {
            proxy.close();
        } catch (IOException ignored) {
            // the proxy's server socket: nothing left to release
        }
    }
}

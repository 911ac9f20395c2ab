package io.datastreamscaling.local.broker;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.utils.Time;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real single-node Kafka cluster in this JVM: {@link KafkaRaftServer} in KRaft combined mode (one
 * process is both broker and controller), exactly what {@code kafka-server-start.sh} runs, with its
 * storage formatted by Kafka's {@code Formatter} ({@link KraftNodeConfig}), exactly what {@code kafka-storage.sh format} runs.
 *
 * <p>Data lives in a directory that survives restarts (so a restarted demo keeps its topics and
 * committed offsets) unless the caller asks to wipe it.
 */
public final class EmbeddedKafkaBroker implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(EmbeddedKafkaBroker.class);
    private static final int NODE_ID = 1;

    private final KafkaRaftServer server;
    private final String bootstrapServers;
    private final Path dataDir;
    private final boolean deleteOnClose;
    private volatile boolean closed;

    private EmbeddedKafkaBroker(KafkaRaftServer server, String bootstrapServers, Path dataDir, boolean deleteOnClose) {
        this.server = server;
        this.bootstrapServers = bootstrapServers;
        this.dataDir = dataDir;
        this.deleteOnClose = deleteOnClose;
    }

    /**
     * What to start: where the data lives, the client port (0 = any free port), extra broker settings,
     * and how the listeners are secured ({@link ListenerSecurity#PLAINTEXT} unless asked otherwise).
     */
    public record Settings(Path dataDir, int port, boolean wipe, boolean deleteOnClose, Map<String, String> overrides,
                           ListenerSecurity security) {
        public Settings(Path dataDir, int port, boolean wipe, boolean deleteOnClose, Map<String, String> overrides) {
            this(dataDir, port, wipe, deleteOnClose, overrides, ListenerSecurity.PLAINTEXT);
        }

        public static Settings persistent(Path dataDir, int port) {
            return new Settings(dataDir, port, false, false, Map.of());
        }

        /** A throw-away broker on a free port, deleted on close: for tests. */
        public static Settings temporary() {
            try {
                return new Settings(Files.createTempDirectory("embedded-kafka-"), 0, true, true, Map.of());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        public Settings withOverrides(Map<String, String> more) {
            return new Settings(dataDir, port, wipe, deleteOnClose, more, security);
        }

        public Settings withSecurity(ListenerSecurity listenerSecurity) {
            return new Settings(dataDir, port, wipe, deleteOnClose, overrides, listenerSecurity);
        }
    }

    public static EmbeddedKafkaBroker start(Settings settings) {
        try {
            if (settings.wipe()) {
                Directories.deleteRecursively(settings.dataDir());
            }
            Path logDir = settings.dataDir().toAbsolutePath().resolve("kraft-combined-logs");
            Files.createDirectories(logDir);
            int port = settings.port() == 0 ? freePort() : settings.port();
            int controllerPort = freePort();
            Properties props = brokerProperties(logDir, port, controllerPort);
            props.putAll(settings.security().brokerProperties(port, controllerPort));
            props.putAll(settings.overrides());
            KafkaConfig config = KafkaConfig.fromProps(props, false);
            formatIfNeeded(logDir, settings.security().scramArguments());
            KafkaRaftServer server = new KafkaRaftServer(config, Time.SYSTEM);
            server.startup();
            String bootstrap = "localhost:" + port;
            EmbeddedKafkaBroker broker = new EmbeddedKafkaBroker(server, bootstrap, settings.dataDir(), settings.deleteOnClose());
            broker.awaitReady(Duration.ofSeconds(60), settings.security().superUserClientProperties());
            log.info("embedded Kafka broker ready on {} (data in {})", bootstrap, settings.dataDir());
            return broker;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Properties brokerProperties(Path logDir, int port, int controllerPort) {
        Properties p = KraftNodeConfig.combinedModeProperties(NODE_ID, NODE_ID + "@localhost:" + controllerPort, logDir, port, controllerPort);
        // One node: internal topics cannot have more than one replica.
        p.put("offsets.topic.replication.factor", "1");
        p.put("offsets.topic.num.partitions", "6");
        p.put("transaction.state.log.replication.factor", "1");
        p.put("transaction.state.log.min.isr", "1");
        p.put("transaction.state.log.num.partitions", "6");
        p.put("share.coordinator.state.topic.replication.factor", "1");
        p.put("share.coordinator.state.topic.min.isr", "1");
        return p;
    }

    /**
     * Formats the storage on first start, like {@code kafka-storage.sh format --ignore-formatted}, with
     * the SCRAM credentials of {@code --add-scram} (so they exist before any client can connect).
     */
    private static void formatIfNeeded(Path logDir, List<String> scramArguments) {
        KraftNodeConfig.formatIfNeeded(logDir, NODE_ID, Uuid.randomUuid().toString(), scramArguments);
    }

    private void awaitReady(Duration timeout, Map<String, Object> clientSecurity) {
        long deadline = System.nanoTime() + timeout.toNanos();
        Map<String, Object> conf = new HashMap<>(clientSecurity);
        conf.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        try (Admin admin = Admin.create(conf)) {
            while (true) {
                try {
                    if (!admin.describeCluster().nodes().get(5, TimeUnit.SECONDS).isEmpty()) {
                        return;
                    }
                } catch (Exception e) {
                    if (System.nanoTime() > deadline) {
                        throw new IllegalStateException("embedded broker not ready within " + timeout, e);
                    }
                }
            }
        }
    }

    public String bootstrapServers() {
        return bootstrapServers;
    }

    public Path dataDir() {
        return dataDir;
    }

    /** Blocks until {@link #close()} runs from elsewhere (the shutdown hook). */
    public void awaitShutdown() {
        server.awaitShutdown();
    }

    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        server.shutdown();
        server.awaitShutdown();
        if (deleteOnClose) {
            Directories.deleteRecursively(dataDir);
        }
    }

    static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            socket.setReuseAddress(true);
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

package io.datastreamscaling.local.broker.testing;

import io.datastreamscaling.local.broker.BrokerLogging;
import io.datastreamscaling.local.broker.Directories;
import io.datastreamscaling.local.broker.cluster.ClusterNodeMain;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.Node;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.TopicPartitionInfo;
import org.apache.kafka.common.Uuid;

/**
 * Three Kafka nodes (KRaft, each broker and controller), each a separate JVM running
 * {@link ClusterNodeMain}, for tests that stop and kill brokers for real. Replication factor 3 and
 * {@code min.insync.replicas=2} by default, unclean leader election off.
 *
 * <p>Ports stay the same across restarts (clients and the static controller quorum know them). Each
 * node's output goes to {@code node-N.log} in the cluster directory, which {@link #close()} keeps;
 * the nodes' data directories are deleted. The nodes are killed when the test JVM exits, and a node
 * exits by itself if the test JVM dies.
 */
public final class ProcessCluster implements AutoCloseable {
    public static final int NODES = 3;
    /**
     * A JUnit resource lock for classes that start a cluster: with test classes run in parallel, two
     * clusters at once are six broker JVMs on a small machine, slow enough to blur each campaign's
     * figures; one cluster beside a campaign of another kind is fine.
     */
    public static final String ONE_AT_A_TIME = "process-cluster";
    private static final Duration ADMIN_CALL = Duration.ofSeconds(10);

    private final Path dir;
    private final String bootstrapServers;
    private final List<NodeProcess> nodes;
    private final Admin admin;
    private final Thread killOnExit;

    private ProcessCluster(Path dir, String bootstrapServers, List<NodeProcess> nodes) {
        this.dir = dir;
        this.bootstrapServers = bootstrapServers;
        this.nodes = nodes;
        this.admin = Admin.create(Map.of(
                AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                // A dead node must not hold an admin call for the default 30 s: fail fast, the waits retry.
                AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 5_000,
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) ADMIN_CALL.toMillis()));
        this.killOnExit = new Thread(() -> nodes.forEach(NodeProcess::destroy), "process-cluster-kill");
        Runtime.getRuntime().addShutdownHook(killOnExit);
    }

    /** Starts three nodes with their data and logs under {@code dir} and waits until all three are brokers. */
    public static ProcessCluster start(Path dir, Duration timeout) {
        BrokerLogging.quietUnlessConfigured();
        try {
            Files.createDirectories(dir);
            for (int id = 1; id <= NODES; id++) {
                // A new cluster, new logs: an earlier run's lines would only mislead.
                Files.deleteIfExists(dir.resolve("node-" + id + ".log"));
                Directories.deleteRecursively(dir.resolve("node-" + id));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        int[] ports = freePorts(2 * NODES);
        String clusterId = Uuid.randomUuid().toString();
        StringBuilder voters = new StringBuilder();
        for (int id = 1; id <= NODES; id++) {
            voters.append(id == 1 ? "" : ",").append(id).append("@localhost:").append(ports[NODES + id - 1]);
        }
        List<NodeProcess> nodes = new ArrayList<>();
        List<String> bootstrap = new ArrayList<>();
        for (int id = 1; id <= NODES; id++) {
            int port = ports[id - 1];
            bootstrap.add("localhost:" + port);
            nodes.add(new NodeProcess(id, List.of(
                    "--node-id", Integer.toString(id), "--cluster-id", clusterId,
                    "--data-dir", dir.resolve("node-" + id).toAbsolutePath().toString(),
                    "--port", Integer.toString(port), "--controller-port", Integer.toString(ports[NODES + id - 1]),
                    "--voters", voters.toString(), "--exit-with-parent"),
                    dir.resolve("node-" + id + ".log")));
        }
        ProcessCluster cluster = new ProcessCluster(dir, String.join(",", bootstrap), nodes);
        try {
            nodes.forEach(NodeProcess::start);
            Await.until(timeout, () -> cluster.aliveBrokers().size() == NODES,
                    () -> "all " + NODES + " nodes registered as brokers; alive: " + cluster.aliveBrokersOrEmpty() + ", logs in " + dir);
            return cluster;
        } catch (RuntimeException | AssertionError e) {
            cluster.close();
            throw e;
        }
    }

    public String bootstrapServers() {
        return bootstrapServers;
    }

    /** The cluster's admin client (owned by the cluster: do not close it). */
    public Admin admin() {
        return admin;
    }

    public Path logFile(int nodeId) {
        return node(nodeId).logFile();
    }

    public void createTopic(String name, int partitions) {
        get(admin.createTopics(List.of(new NewTopic(name, partitions, (short) NODES))).all());
    }

    /** The partition's leader as the cluster's metadata has it now (which lags a crash by the session timeout). */
    public OptionalInt leaderOf(TopicPartition partition) {
        TopicPartitionInfo info = describe(partition.topic()).partitions().get(partition.partition());
        Node leader = info.leader();
        return leader == null || leader.isEmpty() ? OptionalInt.empty() : OptionalInt.of(leader.id());
    }

    /** The leader of each partition of {@code topic} in partition order, {@code -1} for none, from one metadata call. */
    public List<Integer> leaders(String topic) {
        return describe(topic).partitions().stream()
                .map(p -> p.leader() == null || p.leader().isEmpty() ? -1 : p.leader().id())
                .toList();
    }

    /** SIGTERM and wait for the exit: a controlled shutdown moves the node's leaderships first. */
    public void stopCleanly(int nodeId) {
        node(nodeId).stopCleanly(Duration.ofSeconds(60));
    }

    /** SIGKILL and wait for the exit: the cluster finds out only when the node's heartbeats stop. */
    public void kill(int nodeId) {
        node(nodeId).kill(Duration.ofSeconds(30));
    }

    /** Starts a stopped or killed node again on the same ports and data, and waits until it is a live broker. */
    public void restart(int nodeId, Duration timeout) {
        node(nodeId).start();
        Await.until(timeout, () -> aliveBrokers().contains(nodeId),
                () -> "node " + nodeId + " back among the live brokers; alive: " + aliveBrokersOrEmpty() + ", see " + logFile(nodeId));
    }

    /** Waits until every partition of {@code topic} has a leader and at least {@code size} in-sync replicas. */
    public void waitForIsr(String topic, int size, Duration timeout) {
        Await.until(timeout, () -> describe(topic).partitions().stream()
                        .allMatch(p -> p.leader() != null && !p.leader().isEmpty() && p.isr().size() >= size),
                () -> "every partition of " + topic + " with " + size + " in-sync replicas; now " + isrSummary(topic));
    }

    /** The brokers the cluster currently counts as alive (registered and not fenced). */
    public Set<Integer> aliveBrokers() {
        return get(admin.describeCluster().nodes()).stream().map(Node::id).collect(Collectors.toCollection(TreeSet::new));
    }

    private String aliveBrokersOrEmpty() {
        try {
            return aliveBrokers().toString();
        } catch (RuntimeException e) {
            return "unknown (" + e.getMessage() + ")";
        }
    }

    private String isrSummary(String topic) {
        try {
            return describe(topic).partitions().stream()
                    .map(p -> p.partition() + ":leader=" + (p.leader() == null ? "none" : p.leader().id())
                            + ",isr=" + p.isr().stream().map(Node::id).toList())
                    .collect(Collectors.joining(" "));
        } catch (RuntimeException e) {
            return "unknown (" + e.getMessage() + ")";
        }
    }

    private TopicDescription describe(String topic) {
        return get(admin.describeTopics(List.of(topic)).allTopicNames()).get(topic);
    }

    private NodeProcess node(int nodeId) {
        if (nodeId < 1 || nodeId > NODES) {
            throw new IllegalArgumentException("no node " + nodeId + " in a " + NODES + "-node cluster");
        }
        return nodes.get(nodeId - 1);
    }

    private static <T> T get(org.apache.kafka.common.KafkaFuture<T> future) {
        try {
            return future.get(ADMIN_CALL.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("admin call failed: " + e, e);
        }
    }

    /** Distinct free ports, all held open together so none is handed out twice. */
    private static int[] freePorts(int count) {
        List<ServerSocket> sockets = new ArrayList<>();
        try {
            for (int i = 0; i < count; i++) {
                sockets.add(new ServerSocket(0));
            }
            return sockets.stream().mapToInt(ServerSocket::getLocalPort).toArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            for (ServerSocket socket : sockets) {
                try {
                    socket.close();
                } catch (IOException ignored) {
                    // a port we only looked at
                }
            }
        }
    }

    @Override
    public void close() {
        admin.close(Duration.ofSeconds(5));
        nodes.forEach(NodeProcess::destroy);
        for (NodeProcess node : nodes) {
            Directories.deleteRecursively(dir.resolve("node-" + node.nodeId()));
        }
        try {
            Runtime.getRuntime().removeShutdownHook(killOnExit);
        } catch (IllegalStateException alreadyExiting) {
            // the hook is running or about to: it kills the nodes itself
        }
    }
}

package io.datastreamscaling.local.broker.cluster;

import io.datastreamscaling.local.broker.BrokerLogging;
import io.datastreamscaling.local.broker.KraftNodeConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import org.apache.kafka.common.utils.Time;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One node of a multi-process KRaft cluster (broker and controller in one JVM), for fault tests that
 * stop and kill real brokers. The test fixture {@code ProcessCluster} starts three of these.
 *
 * <pre>
 *   java -cp ... io.datastreamscaling.local.broker.cluster.ClusterNodeMain --node-id 1 --cluster-id ID
 *        --data-dir DIR --port 19092 --controller-port 19093
 *        --voters 1@localhost:19093,2@localhost:29093,3@localhost:39093 [--exit-with-parent]
 * </pre>
 *
 * <p>SIGTERM is a clean stop: the shutdown hook runs the broker's controlled shutdown, which hands
 * its partition leadership to the other in-sync replicas before the process exits. SIGKILL is a
 * crash: the controller notices only when the node's heartbeats stop.
 */
public final class ClusterNodeMain {
    /** What a three-node cluster changes from the single embedded broker, and why. */
    static final Map<String, String> CLUSTER_DEFAULTS = Map.ofEntries(
            // Every partition on all three nodes: one node can be down and nothing is unavailable.
            Map.entry("default.replication.factor", "3"),
            // acks=all waits for two copies: an acknowledged record survives the loss of any one node.
            Map.entry("min.insync.replicas", "2"),
            // Never elect a replica that may lack acknowledged records, even if that means unavailability.
            Map.entry("unclean.leader.election.enable", "false"),
            // Consumer offsets and transaction state get the same protection as the data.
            Map.entry("offsets.topic.replication.factor", "3"),
            Map.entry("offsets.topic.num.partitions", "6"),
            Map.entry("transaction.state.log.replication.factor", "3"),
            Map.entry("transaction.state.log.min.isr", "2"),
            Map.entry("transaction.state.log.num.partitions", "6"),
            Map.entry("share.coordinator.state.topic.replication.factor", "3"),
            Map.entry("share.coordinator.state.topic.min.isr", "2"),
            // Three JVMs share a small machine with the test: fewer threads than the defaults (3/8).
            Map.entry("num.network.threads", "2"),
            Map.entry("num.io.threads", "2"),
            Map.entry("background.threads", "2"));

    private ClusterNodeMain() {
    }

    public static void main(String[] args) throws IOException {
        BrokerLogging.quietUnlessConfigured();
        List<String> list = Arrays.asList(args);
        int nodeId = Integer.parseInt(required(list, "--node-id"));
        Path logDir = Path.of(required(list, "--data-dir")).toAbsolutePath().resolve("kraft-combined-logs");
        int port = Integer.parseInt(required(list, "--port"));
        int controllerPort = Integer.parseInt(required(list, "--controller-port"));
        Files.createDirectories(logDir);

        Properties props = KraftNodeConfig.combinedModeProperties(nodeId, required(list, "--voters"), logDir, port, controllerPort);
        props.putAll(CLUSTER_DEFAULTS);
        KraftNodeConfig.formatIfNeeded(logDir, nodeId, required(list, "--cluster-id"));
        KafkaRaftServer server = new KafkaRaftServer(KafkaConfig.fromProps(props, false), Time.SYSTEM);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            server.shutdown();
            server.awaitShutdown();
        }, "cluster-node-shutdown"));
        if (list.contains("--exit-with-parent")) {
            // A test JVM that dies (even by SIGKILL) must not leave brokers running on the machine.
            ProcessHandle.current().parent().ifPresent(parent -> parent.onExit().thenRun(() -> Runtime.getRuntime().halt(1)));
        }
        server.startup();
        // Looked up only now: slf4j-simple reads its settings once, after BrokerLogging has set them.
        Logger log = LoggerFactory.getLogger(ClusterNodeMain.class);
        log.info("cluster node {} started: clients on localhost:{}, controller on localhost:{}", nodeId, port, controllerPort);
        server.awaitShutdown();
    }

    private static String required(List<String> args, String name) {
        int i = args.indexOf(name);
        if (i < 0 || i + 1 >= args.size()) {
            throw new IllegalArgumentException("missing option " + name + " (usage in ClusterNodeMain's javadoc)");
        }
        return args.get(i + 1);
    }
}

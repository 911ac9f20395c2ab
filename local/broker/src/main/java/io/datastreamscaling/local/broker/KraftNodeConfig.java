package io.datastreamscaling.local.broker;

import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Properties;
import org.apache.kafka.metadata.storage.Formatter;
import org.apache.kafka.server.common.Feature;
import org.apache.kafka.server.common.MetadataVersion;

/**
 * What every node we run has in common, whether it is the single embedded broker or one node of the
 * three-process fault-test cluster: KRaft combined mode (broker and controller in one process), a
 * static controller quorum, and storage formatted the way {@code kafka-storage.sh format} does it.
 *
 * <p>Replication settings are not here: they are what differs between one node and three, so each
 * caller states its own.
 */
public final class KraftNodeConfig {
    public static final String CONTROLLER_LISTENER = "CONTROLLER";
    private static final String CLIENT_LISTENER = "PLAINTEXT";

    private KraftNodeConfig() {
    }

    /**
     * @param quorumVoters {@code id@host:controllerPort,...} for every controller of the cluster
     *                     (the static quorum: no node can join or leave the voter set at run time)
     */
    public static Properties combinedModeProperties(int nodeId, String quorumVoters, Path logDir, int port, int controllerPort) {
        Properties p = new Properties();
        p.put("process.roles", "broker,controller");
        p.put("node.id", Integer.toString(nodeId));
        p.put("controller.quorum.voters", quorumVoters);
        p.put("listeners", CLIENT_LISTENER + "://localhost:" + port + "," + CONTROLLER_LISTENER + "://localhost:" + controllerPort);
        p.put("advertised.listeners", CLIENT_LISTENER + "://localhost:" + port);
        p.put("controller.listener.names", CONTROLLER_LISTENER);
        p.put("inter.broker.listener.name", CLIENT_LISTENER);
        p.put("listener.security.protocol.map", CLIENT_LISTENER + ":PLAINTEXT," + CONTROLLER_LISTENER + ":PLAINTEXT");
        p.put("log.dirs", logDir.toString());
        // A new group starts at once instead of waiting 3 s for more members (demo and tests).
        p.put("group.initial.rebalance.delay.ms", "0");
        // Topics are created by the services with the partition count they want, never by accident.
        p.put("auto.create.topics.enable", "false");
        p.put("num.partitions", "6");
        // Durability comes from replication (acks=all), not from fsync per message: Kafka's default.
        p.put("log.flush.interval.messages", Long.toString(Long.MAX_VALUE));
        return p;
    }

    /**
     * Formats the storage on first start, like {@code kafka-storage.sh format --ignore-formatted}.
     * Every node of one cluster must be formatted with the same {@code clusterId}.
     */
    public static void formatIfNeeded(Path logDir, int nodeId, String clusterId) {
        formatIfNeeded(logDir, nodeId, clusterId, List.of());
    }

    /**
     * The same, with the SCRAM credentials of {@code --add-scram}, so that they exist before any
     * client can connect.
     */
    public static void formatIfNeeded(Path logDir, int nodeId, String clusterId, List<String> scramArguments) {
        if (Files.exists(logDir.resolve("meta.properties"))) {
            return;
        }
        try {
            new Formatter()
                    .setPrintStream(new PrintStream(OutputStream.nullOutputStream(), true, StandardCharsets.UTF_8))
                    .setNodeId(nodeId)
                    .setClusterId(clusterId)
                    .setDirectories(List.of(logDir.toString()))
                    .setMetadataLogDirectory(logDir.toString())
                    .setControllerListenerName(CONTROLLER_LISTENER)
                    .setReleaseVersion(MetadataVersion.latestProduction())
                    .setSupportedFeatures(Feature.PRODUCTION_FEATURES)
                    .setScramArguments(scramArguments)
                    .setIgnoreFormatted(true)
                    .run();
        } catch (Exception e) {
            throw new IllegalStateException("cannot format Kafka storage in " + logDir + ": " + e.getMessage(), e);
        }
    }
}

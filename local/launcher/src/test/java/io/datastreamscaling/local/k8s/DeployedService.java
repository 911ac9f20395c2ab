package io.datastreamscaling.local.k8s;

import io.datastreamscaling.shared.config.KafkaSettings.Client;
import java.util.Locale;
import java.util.Set;

/**
 * The three services as DESIGN.md describes them to a deployment: port, image, and the variables
 * each reads. Until each service's {@code <Service>Settings.VARIABLES} is on this module's classpath,
 * the lists are DESIGN.md's; then they should be replaced by those constants.
 */
enum DeployedService {
    PRODUCER(8081, Set.of("HTTP_PORT", "PRODUCER_RATE"), Set.of(Client.PRODUCER, Client.ADMIN)),
    CONSUMER(8083, Set.of("HTTP_PORT", "CONSUMER_GROUP_ID", "CONSUMER_GROUP_INSTANCE_ID", "CONSUMER_GROUP_PROTOCOL",
            "SINK", "SINK_MODE", "DB_URL", "DB_USER", "DB_PASSWORD", "DB_PASSWORD_FILE"),
            Set.of(Client.CONSUMER, Client.PRODUCER, Client.ADMIN)),
    STREAMS(8082, Set.of("HTTP_PORT", "STREAMS_APPLICATION_ID"), Set.of(Client.STREAMS, Client.ADMIN));

    /**
     * Read by every service (the topic settings only when it creates a missing topic), plus
     * JAVA_TOOL_OPTIONS, which the JVM reads before our code runs.
     */
    static final Set<String> COMMON_VARIABLES = Set.of("KAFKA_BOOTSTRAP_SERVERS", "TOPIC_PARTITIONS",
            "TOPIC_REPLICATION_FACTOR", "JAVA_TOOL_OPTIONS");

    final int port;
    final Set<String> variables;
    final Set<Client> kafkaClients;

    DeployedService(int port, Set<String> variables, Set<Client> kafkaClients) {
        this.port = port;
        this.variables = variables;
        this.kafkaClients = kafkaClients;
    }

    /** Name of its Deployment, Service, container, PDB and KafkaUser. */
    String workload() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The Jib image, without tag. */
    String image() {
        return "datastreamscaling/" + workload();
    }
}

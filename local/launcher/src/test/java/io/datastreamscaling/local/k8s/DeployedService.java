package io.datastreamscaling.local.k8s;

import io.datastreamscaling.consumer.ConsumerSettings;
import io.datastreamscaling.producer.ProducerSettings;
import io.datastreamscaling.shared.config.KafkaSettings.Client;
import io.datastreamscaling.streams.StreamsSettings;
import java.util.Locale;
import java.util.Set;

/**
 * The three services as the README describes them to a deployment: port, image, and the variables
 * each reads (its {@code <Service>Settings.VARIABLES}, so a renamed variable fails the manifests' checks).
 */
enum DeployedService {
    PRODUCER(8081, ProducerSettings.VARIABLES, Set.of(Client.PRODUCER, Client.ADMIN)),
    CONSUMER(8083, ConsumerSettings.VARIABLES, Set.of(Client.CONSUMER, Client.PRODUCER, Client.ADMIN)),
    STREAMS(8082, StreamsSettings.VARIABLES, Set.of(Client.STREAMS, Client.ADMIN));

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

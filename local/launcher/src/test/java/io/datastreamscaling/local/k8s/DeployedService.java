package io.datastreamscaling.local.k8s;

import io.datastreamscaling.consumer.ConsumerSettings;
import io.datastreamscaling.producer.ProducerSettings;
import io.datastreamscaling.shared.config.KafkaSettings.Client;
import io.datastreamscaling.streams.StreamsSettings;
import java.util.Locale;
import java.util.Set;

/**
 * The workloads of the three services as the README describes them to a deployment: port, image, and
 * the variables each reads (its {@code <Service>Settings.VARIABLES}, so a renamed variable fails the
 * manifests' checks). The consumer runs twice: with the PostgreSQL sink and, as the analytics consumer,
 * with the ClickHouse sink in its own group; same image, same port, own workload.
 */
enum DeployedService {
    PRODUCER("producer", 8081, ProducerSettings.VARIABLES, Set.of(Client.PRODUCER, Client.ADMIN)),
    CONSUMER("consumer", 8083, ConsumerSettings.VARIABLES, Set.of(Client.CONSUMER, Client.PRODUCER, Client.ADMIN)),
    ANALYTICS_CONSUMER("consumer", 8083, ConsumerSettings.VARIABLES, Set.of(Client.CONSUMER, Client.PRODUCER, Client.ADMIN)),
    STREAMS("streams", 8082, StreamsSettings.VARIABLES, Set.of(Client.STREAMS, Client.ADMIN));

    /**
     * Read by every service (the topic settings only when it creates a missing topic), plus
     * JAVA_TOOL_OPTIONS, which the JVM reads before our code runs.
     */
    static final Set<String> COMMON_VARIABLES = Set.of("KAFKA_BOOTSTRAP_SERVERS", "TOPIC_PARTITIONS",
            "TOPIC_REPLICATION_FACTOR", "JAVA_TOOL_OPTIONS");

    /** The project module (and Jib image) the workload runs. */
    final String module;
    final int port;
    final Set<String> variables;
    final Set<Client> kafkaClients;

    DeployedService(String module, int port, Set<String> variables, Set<Client> kafkaClients) {
        this.module = module;
        this.port = port;
        this.variables = variables;
        this.kafkaClients = kafkaClients;
    }

    /** Name of its Deployment, Service, container, PDB, NetworkPolicy and KafkaUser; its ConfigMap is {@code <workload>-config}. */
    String workload() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    /** The Jib image, without tag. */
    String image() {
        return "datastreamscaling/" + module;
    }
}

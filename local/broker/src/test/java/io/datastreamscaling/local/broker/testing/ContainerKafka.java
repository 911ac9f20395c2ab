package io.datastreamscaling.local.broker.testing;

import org.testcontainers.kafka.KafkaContainer;

/** The Testcontainers path, in its own class so the embedded path never loads Testcontainers. */
final class ContainerKafka {
    private ContainerKafka() {
    }

    static String start(String image) {
        @SuppressWarnings("resource") // stopped by Testcontainers' Ryuk when the JVM exits
        KafkaContainer kafka = new KafkaContainer(image);
        kafka.start();
        return kafka.getBootstrapServers();
    }
}

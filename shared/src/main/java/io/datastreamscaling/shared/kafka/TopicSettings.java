package io.datastreamscaling.shared.kafka;

import io.datastreamscaling.shared.config.Env;

/** How many partitions and replicas the services give topics they create. */
public record TopicSettings(int partitions, short replicationFactor) {
    public static final String PARTITIONS = "TOPIC_PARTITIONS";
    public static final String REPLICATION_FACTOR = "TOPIC_REPLICATION_FACTOR";

    public static TopicSettings from(Env env) {
        int partitions = env.integer(PARTITIONS, 6, 1, 10_000);
        short replicas = (short) env.integer(REPLICATION_FACTOR, 1, 1, 32);
        return new TopicSettings(partitions, replicas);
    }
}

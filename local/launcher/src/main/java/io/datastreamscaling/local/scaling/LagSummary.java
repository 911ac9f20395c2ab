package io.datastreamscaling.local.scaling;

/**
 * A consumer group's lag on one topic, counted the way KEDA's Kafka scaler counts it.
 *
 * @param scalingLag total lag that drives the replica count (persistent lag excluded when configured)
 * @param activationLag total lag including persistent lag, compared with the activation threshold
 * @param partitions partitions of the topic
 * @param partitionsWithLag partitions whose scaling lag is above zero
 * @param partitionsWithoutCommit partitions where the group has no committed offset yet
 */
public record LagSummary(long scalingLag, long activationLag, int partitions, int partitionsWithLag, int partitionsWithoutCommit) {
}

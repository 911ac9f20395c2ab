package io.datastreamscaling.shared.kafka;

import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.RetriableException;
import org.apache.kafka.common.errors.TopicExistsException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Creates the topics a service needs when they are missing. Creating an existing topic is not an
 * error: several services start at once and race to create the same topics.
 */
public final class TopicBootstrap {
    private static final Logger log = LoggerFactory.getLogger(TopicBootstrap.class);
    private static final Duration RETRY_PAUSE = Duration.ofMillis(100);

    private TopicBootstrap() {
    }

    /**
     * Creates those of {@code names} that are missing and waits until their leaders serve them.
     *
     * @return the topics this call created (their leaders already serve them); empty when all existed
     */
    public static List<String> ensureTopics(Admin admin, Collection<String> names, TopicSettings settings, Duration timeout) {
        try {
            Set<String> existing = admin.listTopics().names().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            List<NewTopic> missing = names.stream()
                    .filter(name -> !existing.contains(name))
                    .map(name -> new NewTopic(name, settings.partitions(), settings.replicationFactor()))
                    .toList();
            if (missing.isEmpty()) {
                return List.of();
            }
            admin.createTopics(missing).values().forEach((name, future) -> {
                try {
                    future.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
                    log.info("created topic {} ({} partitions, replication factor {})", name,
                            settings.partitions(), settings.replicationFactor());
                } catch (ExecutionException e) {
                    if (!(e.getCause() instanceof TopicExistsException)) {
                        throw new IllegalStateException("cannot create topic " + name + ": " + e.getCause().getMessage(), e.getCause());
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException("interrupted while creating topic " + name, e);
                } catch (TimeoutException e) {
                    throw new IllegalStateException("topic " + name + " was not created within " + timeout, e);
                }
            });
            List<String> created = missing.stream().map(NewTopic::name).toList();
            awaitLeadersServing(admin, created, timeout);
            return created;
        } catch (ExecutionException e) {
            throw new IllegalStateException("cannot list topics or reach their partition leaders: " + e.getCause().getMessage(), e.getCause());
        } catch (TimeoutException e) {
            throw new IllegalStateException("Kafka did not answer within " + timeout + " (is the broker up?)", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while listing topics", e);
        }
    }

    /**
     * Waits until the leader of every partition of {@code topics} answers for it (a ListOffsets
     * request succeeds; the Admin client retries "not leader" by itself). Metadata names a leader
     * before that broker has applied a new partition, and an idempotent producer that writes in that
     * window can lose records silently: its first request is refused as "not leader", the next one
     * is appended, and every retry of the first then fails as out of order until
     * {@code delivery.timeout.ms} (KAFKA-15591). Producing only once the leaders serve the partition
     * closes that window.
     */
    public static void awaitLeadersServing(Admin admin, Collection<String> topics, Duration timeout)
            throws ExecutionException, InterruptedException, TimeoutException {
        if (topics.isEmpty()) {
            return;
        }
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            try {
                Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
                admin.describeTopics(topics).allTopicNames().get(timeout.toMillis(), TimeUnit.MILLISECONDS)
                        .forEach((name, description) -> description.partitions().forEach(
                                p -> latest.put(new TopicPartition(name, p.partition()), OffsetSpec.latest())));
                admin.listOffsets(latest).all().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
                return;
            } catch (ExecutionException e) {
                // "Unknown topic or partition" and "not leader" are what a leader that has not yet
                // applied the new partition answers: retriable, so ask again until the deadline.
                if (!(e.getCause() instanceof RetriableException) || System.nanoTime() > deadline) {
                    throw e;
                }
                Thread.sleep(RETRY_PAUSE.toMillis());
            }
        }
    }
}

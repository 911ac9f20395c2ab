package io.datastreamscaling.producer.send;

import io.datastreamscaling.shared.kafka.TopicBootstrap;
import io.datastreamscaling.shared.kafka.TopicSettings;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Makes sure the orders topic exists (created with our partition count) and the producer has its
 * metadata before any order is sent. Nothing may be sent before that: the broker would auto-create
 * a missing topic with its own default partition count, and a topic's partition count decides
 * which partition each user's orders land on for good.
 *
 * <p>When Kafka is not reachable at start-up, the service still starts (not ready, {@code POST
 * /orders} answers 503) and this keeps trying in the background with a growing pause, so a
 * producer started before its broker needs no restart.
 */
public final class TopicReadiness implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(TopicReadiness.class);
    private static final Duration FIRST_PAUSE = Duration.ofSeconds(1);
    private static final Duration MAX_PAUSE = Duration.ofSeconds(30);

    private final Admin admin;
    private final OrderSender sender;
    private final TopicSettings topicSettings;
    private final FatalProducerErrors.Listener fatalListener;
    private final CountDownLatch closed = new CountDownLatch(1);
    private volatile boolean ready;
    private Thread retryThread;

    public TopicReadiness(Properties adminProperties, OrderSender sender, TopicSettings topicSettings,
                          FatalProducerErrors.Listener fatalListener) {
        this.admin = Admin.create(adminProperties);
        this.sender = sender;
        this.topicSettings = topicSettings;
        this.fatalListener = fatalListener;
    }

    public boolean isReady() {
        return ready;
    }

    /** One attempt, bounded by {@code timeout}; true once the topic exists and its partitions are known. */
    public boolean tryOnce(Duration timeout) {
        try {
            TopicBootstrap.ensureTopics(admin, List.of(sender.topic()), topicSettings, timeout);
            List<PartitionInfo> partitions = sender.partitionsFor();
            awaitLeadersServing(partitions, timeout);
            ready = true;
            log.info("topic {} ready: {} partitions", sender.topic(), partitions.size());
            return true;
        } catch (ExecutionException e) {
            return notReady(new IllegalStateException("partition leaders not serving yet: " + e.getCause(), e.getCause()));
        } catch (TimeoutException e) {
            return notReady(new IllegalStateException("partition leaders not serving within " + timeout));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        } catch (IllegalStateException | KafkaException e) {
            return notReady(e);
        }
    }

    /**
     * Waits until the leader of every partition answers for it (a ListOffsets request succeeds;
     * the Admin client retries "not leader" by itself). Metadata names a leader before that broker
     * has applied the new partition, and an idempotent producer that writes in that window can lose
     * records silently: its first request is refused as "not leader", the next one is appended, and
     * every retry of the first then fails as out of order until delivery.timeout.ms
     * (KAFKA-15591). Producing only once the leaders serve the partition closes that window.
     */
    private void awaitLeadersServing(List<PartitionInfo> partitions, Duration timeout)
            throws ExecutionException, InterruptedException, TimeoutException {
        Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
        for (PartitionInfo partition : partitions) {
            latest.put(new TopicPartition(partition.topic(), partition.partition()), OffsetSpec.latest());
        }
        admin.listOffsets(latest).all().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    private boolean notReady(RuntimeException e) {
        Throwable cause = e instanceof IllegalStateException && e.getCause() != null ? e.getCause() : e;
        if (FatalProducerErrors.isFatal(cause)) {
            closed.countDown(); // retrying cannot help
            fatalListener.onFatalError(cause);
        } else {
            log.warn("Kafka not ready for topic {}: {}", sender.topic(), e.getMessage());
        }
        return false;
    }

    /** Keeps trying until ready or closed, then runs {@code onReady} on the retry thread. */
    public synchronized void retryInBackground(Duration attemptTimeout, Runnable onReady) {
        retryThread = new Thread(() -> {
            Duration pause = FIRST_PAUSE;
            try {
                while (!closed.await(pause.toMillis(), TimeUnit.MILLISECONDS)) {
                    if (tryOnce(attemptTimeout)) {
                        onReady.run();
                        return;
                    }
                    pause = pause.multipliedBy(2).compareTo(MAX_PAUSE) > 0 ? MAX_PAUSE : pause.multipliedBy(2);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "producer-topic-readiness");
        retryThread.setDaemon(true);
        retryThread.start();
    }

    @Override
    public synchronized void close() {
        closed.countDown();
        if (retryThread != null) {
            retryThread.interrupt(); // an attempt in progress waits on Admin futures; stop it now
        }
        // Zero: the only calls that can be pending are our own topic checks, which no one awaits any more.
        admin.close(Duration.ZERO);
    }
}

package io.datastreamscaling.producer.send;

import io.datastreamscaling.shared.kafka.TopicBootstrap;
import io.datastreamscaling.shared.kafka.TopicSettings;
import java.time.Duration;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.PartitionInfo;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Makes sure the orders topic exists (created with our partition count) and the producer has its
 * metadata before any order is sent. Nothing may be sent before that: the broker would auto-create
 * a missing topic with its own default partition count, and a topic's partition count decides
 * which partition each user's orders land on for good.
 *
 * <p>The topic part needs only the Admin client, so {@link #startTopicCheck} runs it in the
 * background while the service builds its producer; {@link #tryOnce} then waits for it.
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
    private final String topic;
    private final TopicSettings topicSettings;
    private final FatalProducerErrors.Listener fatalListener;
    private final CountDownLatch closed = new CountDownLatch(1);
    private volatile boolean ready;
    private boolean adminClosed;
    private FutureTask<List<String>> topicCheck;
    private Thread retryThread;

    public TopicReadiness(Properties adminProperties, String topic, TopicSettings topicSettings,
                          FatalProducerErrors.Listener fatalListener) {
        this.admin = Admin.create(adminProperties);
        this.topic = topic;
        this.topicSettings = topicSettings;
        this.fatalListener = fatalListener;
    }

    public boolean isReady() {
        return ready;
    }

    /**
     * Starts the first attempt's topic part (list, create if missing, wait for the leaders) now, on
     * its own thread: it waits on the broker while the caller builds the producer, and the next
     * {@link #tryOnce} takes its result instead of asking again.
     */
    public synchronized void startTopicCheck(Duration timeout) {
        topicCheck = new FutureTask<>(() -> TopicBootstrap.ensureTopics(admin, List.of(topic), topicSettings, timeout));
        Thread thread = new Thread(topicCheck, "producer-topic-check");
        thread.setDaemon(true);
        thread.start();
    }

    /** One attempt, bounded by {@code timeout}; true once the topic exists and its partitions are known. */
    public boolean tryOnce(OrderSender sender, Duration timeout) {
        try {
            List<String> created = ensureTopic(timeout);
            List<PartitionInfo> partitions = sender.partitionsFor();
            if (created.isEmpty()) {
                // A topic that already existed: another service may have just created it. (One we
                // created, ensureTopics has already seen served by its leaders: no second round trip.)
                TopicBootstrap.awaitLeadersServing(admin, List.of(topic), timeout);
            }
            ready = true;
            log.info("topic {} ready: {} partitions", topic, partitions.size());
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

    /** The started check's result the first time, a fresh check after that. */
    private List<String> ensureTopic(Duration timeout) throws InterruptedException {
        FutureTask<List<String>> started;
        synchronized (this) {
            started = topicCheck;
            topicCheck = null;
        }
        if (started == null) {
            return TopicBootstrap.ensureTopics(admin, List.of(topic), topicSettings, timeout);
        }
        try {
            return started.get(); // bounded: every Admin call inside it waits at most timeout
        } catch (ExecutionException e) {
            throw e.getCause() instanceof RuntimeException cause ? cause : new IllegalStateException(e.getCause());
        }
    }

    private boolean notReady(RuntimeException e) {
        Throwable cause = e instanceof IllegalStateException && e.getCause() != null ? e.getCause() : e;
        if (FatalProducerErrors.isFatal(cause)) {
            closed.countDown(); // retrying cannot help
            fatalListener.onFatalError(cause);
        } else {
            log.warn("Kafka not ready for topic {}: {}", topic, e.getMessage());
        }
        return false;
    }

    /** Keeps trying until ready or closed, then runs {@code onReady} on the retry thread. */
    public synchronized void retryInBackground(OrderSender sender, Duration attemptTimeout, Runnable onReady) {
        retryThread = new Thread(() -> {
            Duration pause = FIRST_PAUSE;
            try {
                while (!closed.await(pause.toMillis(), TimeUnit.MILLISECONDS)) {
                    if (tryOnce(sender, attemptTimeout)) {
                        onReady.run();
                        releaseAdmin();
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

    /**
     * Closes the Admin client once the topic is confirmed: nothing needs it after that, and it would
     * keep a thread, a broker connection and its metrics for the life of the service.
     */
    public synchronized void releaseAdmin() {
        if (ready && !adminClosed) {
            adminClosed = true;
            admin.close(Duration.ZERO); // nothing is pending: the check that made us ready has completed
        }
    }

    @Override
    public synchronized void close() {
        closed.countDown();
        if (topicCheck != null) {
            topicCheck.cancel(true); // start-up failed before anyone waited for the check
        }
        if (retryThread != null) {
            retryThread.interrupt(); // an attempt in progress waits on Admin futures; stop it now
        }
        if (!adminClosed) {
            adminClosed = true;
            // Zero: the only calls that can be pending are our own topic checks, which no one awaits any more.
            admin.close(Duration.ZERO);
        }
    }
}

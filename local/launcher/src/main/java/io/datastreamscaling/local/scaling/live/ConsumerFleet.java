package io.datastreamscaling.local.scaling.live;

import io.datastreamscaling.consumer.ConsumerService;
import io.datastreamscaling.shared.config.Env;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * The consumer group of a scaling run: N {@link ConsumerService} instances in this JVM, each with its
 * own {@code KafkaConsumer}, poll thread, sink connection and (ephemeral) HTTP port, all in one group.
 *
 * <p>In-process rather than child JVMs: an instance starts in a fraction of a second instead of the
 * several seconds a JVM takes on two busy cores (a scale-up that lags the burst it answers shows the
 * JVM, not the policy), and the run's summary reads every instance's counters directly, exactly, even
 * of instances already stopped. What is lost: a crash of one instance is not isolated, and they share
 * one heap. The group protocol cannot tell the difference: to the broker these are N members.
 *
 * <p>Instances start and stop in parallel, so one scale event costs the group one rebalance rather
 * than one per instance. Scale-down stops the newest first. Used from one thread.
 */
final class ConsumerFleet implements AutoCloseable {
    private record Instance(String name, ConsumerService service) {
    }

    private final Env env;
    private final Deque<Instance> running = new ArrayDeque<>();
    private final ExecutorService lifecycle = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "fleet-lifecycle");
        t.setDaemon(true);
        return t;
    });
    private long retiredConsumed;
    private long retiredDeadLettered;
    private int started;
    private int peak;

    /** @param env the consumer's settings; {@code HTTP_PORT} should be 0 (every instance gets its own port) */
    ConsumerFleet(Env env) {
        this.env = env;
    }

    /** Starts or stops instances until {@code target} run; returns one description per instance changed. */
    List<String> scaleTo(int target) {
        List<String> changes = new ArrayList<>();
        if (target > running.size()) {
            List<CompletableFuture<Instance>> starting = new ArrayList<>();
            for (int i = running.size(); i < target; i++) {
                String name = "consumer-" + (++started);
                starting.add(CompletableFuture.supplyAsync(() -> new Instance(name, startService()), lifecycle));
            }
            RuntimeException failure = null;
            for (CompletableFuture<Instance> future : starting) {
                try {
                    Instance instance = join(future);
                    running.addLast(instance); // kept even if a sibling failed, so close() stops it
                    changes.add("+" + instance.name() + " :" + instance.service().httpPort());
                } catch (RuntimeException e) {
                    failure = e;
                }
            }
            peak = Math.max(peak, running.size());
            if (failure != null) {
                throw failure;
            }
        } else {
            List<Instance> stopping = new ArrayList<>();
            while (running.size() > target) {
                stopping.add(running.removeLast());
            }
            stopAll(stopping);
            stopping.forEach(i -> changes.add("-" + i.name()));
        }
        return changes;
    }

    private ConsumerService startService() {
        try {
            return ConsumerService.start(env);
        } catch (Exception e) {
            throw new CompletionException(e);
        }
    }

    private void stopAll(List<Instance> instances) {
        // close() returns after the instance's final commit; in parallel, so their partitions move in one rebalance.
        List<CompletableFuture<Void>> closing = new ArrayList<>();
        for (Instance instance : instances) {
            closing.add(CompletableFuture.runAsync(instance.service()::close, lifecycle));
        }
        closing.forEach(ConsumerFleet::join);
        for (Instance instance : instances) {
            retiredConsumed += instance.service().consumed();
            retiredDeadLettered += instance.service().deadLettered();
        }
    }

    private static <T> T join(CompletableFuture<T> future) {
        try {
            return future.join();
        } catch (CompletionException e) {
            throw new IllegalStateException("a consumer instance failed to start or stop: " + e.getCause(), e.getCause());
        }
    }

    int size() {
        return running.size();
    }

    int peak() {
        return peak;
    }

    /** Orders processed by every instance of this run, stopped ones included. */
    long consumed() {
        return retiredConsumed + running.stream().mapToLong(i -> i.service().consumed()).sum();
    }

    long deadLettered() {
        return retiredDeadLettered + running.stream().mapToLong(i -> i.service().deadLettered()).sum();
    }

    /** Stops every instance (each commits what it processed first). */
    @Override
    public void close() {
        scaleTo(0);
        lifecycle.shutdown();
    }
}

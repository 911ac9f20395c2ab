package io.datastreamscaling.local.scaling.live;

import io.datastreamscaling.consumer.ConsumerMain;
import io.datastreamscaling.consumer.ConsumerService;
import io.datastreamscaling.local.live.ServiceEndpoint;
import io.datastreamscaling.local.process.ChildService;
import io.datastreamscaling.local.process.ConsumerInstance;
import io.datastreamscaling.shared.config.Env;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
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
 * <p>Under {@code --chaos} a crash must be real, so each instance is a child JVM instead
 * ({@link #children}): slower to start, and a SIGKILL ({@link #kill}) takes exactly one instance down,
 * which {@link #restart} brings back under the same name and port, as a Deployment restarts its pod.
 *
 * <p>Instances start and stop in parallel, so one scale event costs the group one rebalance rather
 * than one per instance. Scale-down stops the newest first. Scaling runs on one thread; the chaos
 * thread's kill and restart and the live page's reads may come from others.
 */
final class ConsumerFleet implements AutoCloseable {
    private record Instance(String name, ConsumerInstance service, Optional<ChildService> child) {
    }

    /** How an instance is started. */
    private interface Starter {
        Instance start(String name) throws Exception;
    }

    private final Starter starter;
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
    private volatile List<ServiceEndpoint> endpoints = List.of();
    private Optional<Instance> killed = Optional.empty();

    private ConsumerFleet(Starter starter) {
        this.starter = starter;
    }

    /** @param env the consumer's settings; {@code HTTP_PORT} should be 0 (every instance gets its own port) */
    static ConsumerFleet inProcess(Env env) {
        return new ConsumerFleet(name -> new Instance(name, ConsumerInstance.inProcess(ConsumerService.start(env)), Optional.empty()));
    }

    /**
     * Instances as child JVMs of {@code env} on top of this JVM's environment, each on a free port, its
     * output in {@code logs/<name>.log}.
     */
    static ConsumerFleet children(Map<String, String> env, Path logs, Duration readyTimeout) {
        return new ConsumerFleet(name -> {
            ChildService child = new ChildService(name, ConsumerMain.class, env, 0, logs.resolve(name + ".log"));
            child.start();
            if (!child.awaitReady(readyTimeout)) {
                child.destroy();
                throw new IllegalStateException(name + " did not get ready within " + readyTimeout.toSeconds() + " s; see " + child.logFile());
            }
            return new Instance(name, ConsumerInstance.child(child), Optional.of(child));
        });
    }

    /** Starts or stops instances until {@code target} run; returns one description per instance changed. */
    synchronized List<String> scaleTo(int target) {
        List<String> changes = new ArrayList<>();
        if (target > running.size()) {
            List<CompletableFuture<Instance>> starting = new ArrayList<>();
            for (int i = running.size(); i < target; i++) {
                String name = "consumer-" + (++started);
                starting.add(CompletableFuture.supplyAsync(() -> startService(name), lifecycle));
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
            publishEndpoints();
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
            publishEndpoints();
        }
        return changes;
    }

    private Instance startService(String name) {
        try {
            return starter.start(name);
        } catch (Exception e) {
            throw new CompletionException(e);
        }
    }

    /** SIGKILLs one running child instance, picked by {@code random}; it stays in the fleet (down) until {@link #restart}. */
    synchronized String kill(Random random) {
        List<Instance> candidates = running.stream().filter(i -> i.child().isPresent() && i.child().get().isRunning()).toList();
        if (candidates.isEmpty()) {
            throw new IllegalStateException("no running consumer child to kill");
        }
        Instance victim = candidates.get(random.nextInt(candidates.size()));
        long pid = victim.child().get().kill();
        killed = Optional.of(victim);
        return victim.name() + " (pid " + pid + ", 1 of " + running.size() + ")";
    }

    /**
     * Starts the instance killed last again, unless scaling has removed it meanwhile; returns the pid
     * started, or empty. The wait for readiness happens outside the lock, so scaling goes on.
     */
    Optional<ChildService> restartKilled() {
        ChildService child;
        synchronized (this) {
            Optional<Instance> victim = killed;
            killed = Optional.empty();
            if (victim.isEmpty() || !running.contains(victim.get())) {
                return Optional.empty();
            }
            child = victim.get().child().orElseThrow();
            child.start();
        }
        return Optional.of(child);
    }

    /** The instances running now, for the live page (read from its own thread). */
    List<ServiceEndpoint> endpoints() {
        return endpoints;
    }

    private void publishEndpoints() {
        endpoints = running.stream().map(i -> new ServiceEndpoint(ServiceEndpoint.CONSUMER, i.name(), i.service().httpPort())).toList();
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

    synchronized int size() {
        return running.size();
    }

    int peak() {
        return peak;
    }

    /** Orders processed by every instance of this run, stopped ones included. */
    synchronized long consumed() {
        return retiredConsumed + running.stream().mapToLong(i -> i.service().consumed()).sum();
    }

    synchronized long deadLettered() {
        return retiredDeadLettered + running.stream().mapToLong(i -> i.service().deadLettered()).sum();
    }

    /** Stops every instance (each commits what it processed first). */
    @Override
    public void close() {
        scaleTo(0);
        lifecycle.shutdown();
    }
}

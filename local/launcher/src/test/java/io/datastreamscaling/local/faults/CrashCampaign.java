package io.datastreamscaling.local.faults;

import static io.datastreamscaling.local.broker.testing.Await.until;

import io.datastreamscaling.local.process.ServiceProcess;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.IntFunction;
import java.util.function.Supplier;

/**
 * The act both consumer-crash campaigns share (PostgreSQL's and ClickHouse's sink): a random instance of
 * the group SIGKILLed at a random moment, a new JVM started in its place, then a bounded wait until every
 * partition is written past where the sink stood at the kill. The next kill comes only then, so each one
 * lands on a group that recovered from the last. The load is the producer service generating orders.
 */
final class CrashCampaign {
    // The campaign's shape, the same for both sinks so that their figures (docs/reliability.md) compare.
    static final int PARTITIONS = 6;
    static final int INSTANCES = 3;
    /** Per campaign run (the PostgreSQL one runs once per group protocol). */
    static final int KILLS = 10;
    static final int ORDERS_PER_SECOND = 300;
    static final Duration SESSION_TIMEOUT = Duration.ofSeconds(6);
    // Bounds for a shared 2-core machine; a bound hit fails the campaign.
    static final Duration RECOVERY = Duration.ofSeconds(90);
    static final Duration DRAIN = Duration.ofSeconds(120);

    private final List<ServiceProcess> instances;
    private final IntFunction<ServiceProcess> startInstance;
    private final Supplier<Map<Integer, Long>> storedOffsets;
    private final Supplier<Map<Integer, Long>> logEndOffsets;

    /**
     * @param instances     the running instances; a victim is taken out, its replacement added
     * @param startInstance starts instance number {@code n} (numbers count on past the first ones)
     * @param storedOffsets where the sink stands: the next offset it stored, per partition
     * @param logEndOffsets the topic's log end offsets, per partition
     */
    CrashCampaign(List<ServiceProcess> instances, IntFunction<ServiceProcess> startInstance,
                  Supplier<Map<Integer, Long>> storedOffsets, Supplier<Map<Integer, Long>> logEndOffsets) {
        this.instances = instances;
        this.startInstance = startInstance;
        this.storedOffsets = storedOffsets;
        this.logEndOffsets = logEndOffsets;
    }

    /** The producer service's variables: generating {@link #ORDERS_PER_SECOND} orders into {@code topic}. */
    static Map<String, String> producerEnv(String bootstrapServers, String topic) {
        Map<String, String> env = new HashMap<>();
        env.put("KAFKA_BOOTSTRAP_SERVERS", bootstrapServers);
        env.put("ORDERS_TOPIC", topic);
        env.put("HTTP_PORT", "0");
        env.put("PRODUCER_RATE", Integer.toString(ORDERS_PER_SECOND));
        return env;
    }

    /**
     * {@code kills} kills, each followed by its replacement and the wait for recovery; returns how long
     * each recovery took (ms), in order. {@code label} prefixes the line printed per kill.
     */
    List<Long> killAndReplace(int kills, Random random, String label) {
        int firstInstances = instances.size();
        List<Long> recoveryMillis = new ArrayList<>();
        for (int kill = 1; kill <= kills; kill++) {
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(200 + random.nextInt(2_000)));
            ServiceProcess victim = instances.remove(random.nextInt(instances.size()));
            Map<Integer, Long> storedAtKill = storedOffsets.get();
            long killedAt = System.nanoTime();
            victim.kill();
            instances.add(startInstance.apply(firstInstances + kill - 1));
            until(RECOVERY, () -> everyPartitionMovedOn(storedAtKill),
                    () -> "every partition written past its position at the kill " + storedAtKill + "; now "
                            + storedOffsets.get() + " of " + logEndOffsets.get());
            recoveryMillis.add(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - killedAt));
            System.out.printf(Locale.ROOT, "%skill %d: %s (SIGKILL), every partition moving again after %d ms%n",
                    label, kill, victim.name(), recoveryMillis.get(recoveryMillis.size() - 1));
        }
        return recoveryMillis;
    }

    /** A partition has moved on when its stored offset passed where it was at the kill, or it has nothing left to read. */
    private boolean everyPartitionMovedOn(Map<Integer, Long> atKill) {
        Map<Integer, Long> stored = storedOffsets.get();
        return logEndOffsets.get().entrySet().stream().allMatch(end -> {
            long now = stored.getOrDefault(end.getKey(), 0L);
            return now > atKill.getOrDefault(end.getKey(), 0L) || now == end.getValue();
        });
    }

    /**
     * SIGTERM to every instance at once, then waits for each to exit. One by one, each leaving member
     * made the ones still running rebalance before their own stop, and the waits added up; the end
     * state (everything drained, read after the stop) is the same.
     */
    static void stopAll(List<ServiceProcess> instances) {
        ExecutorService stops = Executors.newFixedThreadPool(Math.max(1, instances.size()));
        try {
            List<Future<?>> stopped = instances.stream().<Future<?>>map(i -> stops.submit(i::stop)).toList();
            for (Future<?> stop : stopped) {
                stop.get();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while stopping the instances", e);
        } catch (ExecutionException e) {
            throw e.getCause() instanceof RuntimeException r ? r : new IllegalStateException(e.getCause());
        } finally {
            stops.shutdownNow();
        }
    }
}

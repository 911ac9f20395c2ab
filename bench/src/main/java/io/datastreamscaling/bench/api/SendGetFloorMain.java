package io.datastreamscaling.bench.api;

import io.datastreamscaling.bench.contender.Latency;
import io.datastreamscaling.bench.workload.BenchProducerSettings;
import io.datastreamscaling.bench.workload.OrderPayloads;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * The order API's floor, run as its own JVM: what {@code POST /orders} would cost with no HTTP, no
 * decoding and no encoding at all. One {@link KafkaProducer} with the bench producer settings at the
 * given {@code linger.ms} sends pre-encoded orders keyed by user, as our producer keys them, and each
 * caller waits for its acknowledgement ({@code send().get()}), as each {@code POST /orders} waits for
 * its 202. The same two phases as {@link OrderApiRound}: serial (one caller, one order at a time,
 * after a warm-up) and concurrent ({@code threads} callers back to back, after a warm-up).
 *
 * <p>Arguments: {@code bootstrap topic lingerMs warmup requests seconds threads}. Prints
 * {@link SendGetFloor}'s result lines.
 */
public final class SendGetFloorMain {
    private SendGetFloorMain() {
    }

    public static void main(String[] args) throws Exception {
        String bootstrap = args[0];
        String topic = args[1];
        int lingerMs = Integer.parseInt(args[2]);
        int warmup = Integer.parseInt(args[3]);
        int requests = Integer.parseInt(args[4]);
        Duration phase = Duration.ofSeconds(Long.parseLong(args[5]));
        int threads = Integer.parseInt(args[6]);
        OrderPayloads payloads = OrderPayloads.generate(1_000);
        try (KafkaProducer<String, byte[]> producer = BenchProducerSettings.orderProducer(bootstrap, lingerMs)) {
            long acknowledged = 0;
            long warmupEnd = System.nanoTime() + phase.toNanos();
            int i = 0;
            for (; i < warmup && System.nanoTime() < warmupEnd; i++) {
                send(producer, topic, payloads, i);
                acknowledged++;
            }
            LatencySamples serial = new LatencySamples();
            long serialEnd = System.nanoTime() + phase.toNanos();
            for (int n = 0; n < requests && System.nanoTime() < serialEnd; n++, i++) {
                long start = System.nanoTime();
                send(producer, topic, payloads, i);
                serial.add(System.nanoTime() - start);
                acknowledged++;
            }
            // The same concurrent warm-up as the routes get (OrderApiRound), not counted in the rate.
            acknowledged += concurrent(producer, topic, payloads, threads, requests, OrderApiRound.concurrentWarmup(phase))[0];
            long[] concurrent = concurrent(producer, topic, payloads, threads, requests, phase);
            acknowledged += concurrent[0];
            Latency latency = serial.latency();
            System.out.printf(Locale.ROOT, "%s %d %.6f %.6f %.6f %.6f%n", SendGetFloor.SERIAL, serial.count(), latency.avgMs(),
                    latency.p50Ms(), latency.p99Ms(), latency.p999Ms());
            System.out.printf(Locale.ROOT, "%s %d %d%n", SendGetFloor.CONCURRENT, concurrent[0], concurrent[1]);
            System.out.printf(Locale.ROOT, "%s %d%n", SendGetFloor.ACKNOWLEDGED, acknowledged);
        }
    }

    /** Returns {acknowledged, nanoseconds from the start to the last acknowledgement}. */
    private static long[] concurrent(KafkaProducer<String, byte[]> producer, String topic, OrderPayloads payloads, int threads,
                                     int requests, Duration phase) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            CountDownLatch go = new CountDownLatch(1);
            long[] window = new long[1];
            List<Future<long[]>> results = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int first = t * requests;
                results.add(pool.submit(() -> {
                    go.await();
                    long end = window[0] + phase.toNanos();
                    long sent = 0;
                    long lastAnswer = 0;
                    while (sent < requests && System.nanoTime() < end) {
                        send(producer, topic, payloads, (int) (first + sent));
                        sent++;
                        lastAnswer = System.nanoTime();
                    }
                    return new long[] {sent, lastAnswer};
                }));
            }
            window[0] = System.nanoTime();
            go.countDown();
            long acknowledged = 0;
            long lastAnswer = window[0];
            for (Future<long[]> result : results) {
                long[] r = result.get(phase.toSeconds() + 120, TimeUnit.SECONDS);
                acknowledged += r[0];
                lastAnswer = Math.max(lastAnswer, r[1]);
            }
            return new long[] {acknowledged, Math.max(1, lastAnswer - window[0])};
        } finally {
            pool.shutdownNow();
        }
    }

    /** One order, waited for: a failed send ends the run (the floor is only meaningful when every order lands). */
    private static void send(KafkaProducer<String, byte[]> producer, String topic, OrderPayloads payloads, int i) throws Exception {
        producer.send(new ProducerRecord<>(topic, payloads.key(i), payloads.value(i))).get();
    }

}

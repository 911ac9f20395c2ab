package io.datastreamscaling.bench.api;

import io.datastreamscaling.bench.contender.Measurement;
import io.datastreamscaling.bench.contender.RoundContext;
import io.datastreamscaling.bench.ours.OurServices;
import io.datastreamscaling.bench.ours.ServiceLines;
import io.datastreamscaling.bench.process.ChildProcess;
import io.datastreamscaling.bench.workload.OrderPayloads;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.LongFunction;

/**
 * One round of the order API workload against our producer jar ({@code POST /orders}, generator
 * off, the bench producer settings) on a fresh topic, beside {@code GET /health/live} on the same
 * server and the same kept-alive connections: the trivial route says what the HTTP server itself
 * costs, so the difference is what an order costs (decode, send, wait for {@code acks=all}).
 *
 * <ol>
 *   <li><b>serial</b>: one client, one connection, alternating health / order, one request at a
 *       time: a warm-up of {@value #SERIAL_WARMUP_PAIRS} pairs, then up to {@code requests} pairs
 *       within {@code phase}; each request timed by the client (written → answer read).</li>
 *   <li><b>concurrent</b>: {@code clients} clients, each on its own connection opened beforehand,
 *       first all asking the trivial route, then all posting orders, each phase for {@code phase} or
 *       {@code requests} requests per client, whichever ends first: answers per second. Each phase
 *       follows a warm-up of the same kind, {@link #concurrentWarmup(Duration)}, whose answers are not counted:
 *       without it the JIT compiled the order path under 32 clients during the first seconds of the
 *       measured phase (C2 took about half a core for 5 s of a 12 s phase), a cost the trivial route
 *       had mostly paid in the serial phase.</li>
 * </ol>
 * Afterwards the topic's end offsets are compared with the 202 answers: every acknowledged order
 * must be on the topic, and nothing else (a 503'd order written later would show up here).
 */
public final class OrderApiRound {
    /** Serial requests before the measured ones: class loading and the first JIT of both routes. */
    static final int SERIAL_WARMUP_PAIRS = 200;
    /** The longest concurrent warm-up before each concurrent phase. */
    private static final Duration MAX_CONCURRENT_WARMUP = Duration.ofSeconds(3);
    private static final Duration START_TIMEOUT = Duration.ofMinutes(2);
    /** Far above the producer's send timeout (5 s): an answer never times out at the client first. */
    private static final Duration READ_TIMEOUT = Duration.ofSeconds(60);
    private static final int OK = 200;
    private static final int ACCEPTED = 202;

    /** The size of a round: see the class comment. */
    public record Settings(int clients, int requests, Duration phase) {
    }

    /** What the topic holds (end offsets summed). */
    public interface TopicCount {
        long records(String topic) throws Exception;
    }

    /**
     * One phase of one route.
     *
     * @param sent        requests sent
     * @param measurement {@code records} = answers with the expected status (200, or 202 for orders)
     * @param onTopic     orders: what the phase added to the topic; health: requests sent (each must be answered 200)
     * @param cpu         concurrent phases: the machine's CPU per answer, by process; null for serial ones or
     *                    where the counters cannot be read
     */
    public record Phase(long sent, Measurement measurement, long onTopic, String firstUnexpected, CpuPerAnswer cpu) {
    }

    /** The four phases of a round and how many connections its clients opened (one each when kept alive). */
    public record Result(String topic, Phase serialHealth, Phase serialOrders, Phase concurrentHealth, Phase concurrentOrders,
                         int clients, int connectionsOpened) {
    }

    private final OurServices services;
    private final Settings settings;
    private final TopicCount topicCount;

    public OrderApiRound(OurServices services, Settings settings, TopicCount topicCount) {
        this.services = services;
        this.settings = settings;
        this.topicCount = topicCount;
    }

    /** One round against a producer whose {@code linger.ms} is {@code lingerMs}. */
    public Result run(RoundContext round, int lingerMs) throws Exception {
        try (ChildProcess producer = services.orderApi(round.bootstrapServers(), round.topic(), lingerMs).start()) {
            int port = ServiceLines.httpPort(producer, START_TIMEOUT);
            InetSocketAddress address = new InetSocketAddress(InetAddress.getLoopbackAddress(), port);
            ApiRequests requests = ApiRequests.forPort(port, OrderPayloads.generator());
            List<KeptAliveConnection> connections = new ArrayList<>();
            try {
                KeptAliveConnection serial = new KeptAliveConnection(address, READ_TIMEOUT);
                connections.add(serial);
                awaitReady(serial, requests, producer);
                Phase[] serialPhases = serial(serial, requests, round.topic());
                for (int c = 0; c < settings.clients(); c++) {
                    KeptAliveConnection client = new KeptAliveConnection(address, READ_TIMEOUT);
                    connections.add(client);
                    // Opens the connection before the clock starts: the phases measure kept-alive requests only.
                    expect(client.exchange(requests.health()), OK, "GET /health/live");
                }
                List<KeptAliveConnection> clients = connections.subList(1, connections.size());
                Phase healthWarmup = concurrent(clients, i -> requests.health(), OK, producer.pid(), concurrentWarmup());
                Phase health = concurrent(clients, i -> requests.health(), OK, producer.pid(), settings.phase());
                long before = topicCount.records(round.topic());
                Phase ordersWarmup = concurrent(clients, requests::order, ACCEPTED, producer.pid(), concurrentWarmup());
                Phase orders = concurrent(clients, requests::order, ACCEPTED, producer.pid(), settings.phase());
                long added = topicCount.records(round.topic()) - before;
                Phase concurrentHealth = afterWarmup(healthWarmup, health, healthWarmup.sent() + health.sent());
                Phase concurrentOrders = afterWarmup(ordersWarmup, orders, added);
                int opened = connections.stream().mapToInt(KeptAliveConnection::connectionsOpened).sum();
                return new Result(round.topic(), serialPhases[0], serialPhases[1], concurrentHealth, concurrentOrders,
                        settings.clients(), opened);
            } finally {
                for (KeptAliveConnection connection : connections) {
                    connection.close();
                }
            }
        }
    }

    /**
     * A concurrent phase as reported: the rate and CPU of the measured phase alone, but the requests and
     * expected answers of its warm-up too, so that the count check ({@code onTopic}: what the topic
     * gained over both, or every health request sent) covers every answer the round gave, as the serial
     * row's does.
     */
    private static Phase afterWarmup(Phase warmup, Phase measured, long onTopic) {
        Measurement m = measured.measurement();
        Measurement both = Measurement.throughput(warmup.measurement().records() + m.records(), m.recordsPerSec(), m.mbPerSec());
        String firstUnexpected = warmup.firstUnexpected() != null ? warmup.firstUnexpected() : measured.firstUnexpected();
        return new Phase(warmup.sent() + measured.sent(), both, onTopic, firstUnexpected, measured.cpu());
    }

    private Duration concurrentWarmup() {
        return concurrentWarmup(settings.phase());
    }

    /** The warm-up before a concurrent phase of {@code phase}: {@link #MAX_CONCURRENT_WARMUP}, or the phase where that is shorter. */
    static Duration concurrentWarmup(Duration phase) {
        return phase.compareTo(MAX_CONCURRENT_WARMUP) < 0 ? phase : MAX_CONCURRENT_WARMUP;
    }

    /** Readiness (topic confirmed, producer built) before any order: 503 until then, polled on the serial connection. */
    private static void awaitReady(KeptAliveConnection connection, ApiRequests requests, ChildProcess producer) throws Exception {
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        KeptAliveConnection.Response last;
        do {
            last = connection.exchange(requests.ready());
            if (last.status() == OK) {
                return;
            }
            Thread.sleep(20); // a polling interval; the deadline bounds the wait
        } while (System.nanoTime() < deadline && producer.isAlive());
        throw new IllegalStateException("our producer was not ready within " + START_TIMEOUT + ": " + last.status() + " "
                + last.text() + "\nlast stdout lines:\n" + producer.stdoutTail());
    }

    private Phase[] serial(KeptAliveConnection connection, ApiRequests requests, String topic) throws Exception {
        long warmupEnd = System.nanoTime() + settings.phase().toNanos();
        long ordersAccepted = 0;
        long ordersSent = 0;
        long i = 0;
        for (; i < SERIAL_WARMUP_PAIRS && System.nanoTime() < warmupEnd; i++) {
            expect(connection.exchange(requests.health()), OK, "GET /health/live");
            ordersSent++;
            ordersAccepted += connection.exchange(requests.order(i)).status() == ACCEPTED ? 1 : 0;
        }
        LatencySamples health = new LatencySamples();
        LatencySamples orders = new LatencySamples();
        long healthOk = 0;
        String unexpectedHealth = null;
        String unexpectedOrder = null;
        long end = System.nanoTime() + settings.phase().toNanos();
        for (long pair = 0; pair < settings.requests() && System.nanoTime() < end; pair++, i++) {
            long start = System.nanoTime();
            KeptAliveConnection.Response h = connection.exchange(requests.health());
            long between = System.nanoTime();
            KeptAliveConnection.Response o = connection.exchange(requests.order(i));
            long done = System.nanoTime();
            health.add(between - start);
            orders.add(done - between);
            ordersSent++;
            if (h.status() == OK) {
                healthOk++;
            } else if (unexpectedHealth == null) {
                unexpectedHealth = h.status() + " " + h.text();
            }
            if (o.status() == ACCEPTED) {
                ordersAccepted++;
            } else if (unexpectedOrder == null) {
                unexpectedOrder = o.status() + " " + o.text();
            }
        }
        long onTopic = topicCount.records(topic);
        return new Phase[] {
            new Phase(health.count(), serialMeasurement(healthOk, health), health.count(), unexpectedHealth, null),
            // The count check covers the warm-up's orders too: every 202 of the round so far must be on the topic.
            new Phase(ordersSent, serialMeasurement(ordersAccepted, orders), onTopic, unexpectedOrder, null)};
    }

    /** Requests/s of one client, one at a time: the inverse of the average latency. */
    private static Measurement serialMeasurement(long answered, LatencySamples samples) {
        return new Measurement(answered, samples.count() / (samples.totalNanos() / 1e9), 0, samples.latency());
    }

    /**
     * Every client sends {@code request}s back to back on its own connection until the phase ends;
     * the rate is the expected answers over phase start → the last answer. Each client also counts its
     * own thread's CPU, so the phase's CPU can be split between our producer ({@code producerPid}), the
     * clients and the rest of the bench JVM ({@link CpuPerAnswer}).
     */
    private Phase concurrent(List<KeptAliveConnection> clients, LongFunction<byte[]> request, int expected, long producerPid,
                             Duration length) throws Exception {
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        ExecutorService pool = Executors.newFixedThreadPool(clients.size());
        try {
            CountDownLatch go = new CountDownLatch(1);
            List<Future<long[]>> results = new ArrayList<>();
            long[] window = new long[2];
            for (int c = 0; c < clients.size(); c++) {
                KeptAliveConnection client = clients.get(c);
                long firstRequest = (long) c * settings.requests();
                results.add(pool.submit(() -> {
                    go.await();
                    long cpuStart = threads.getCurrentThreadCpuTime();
                    long end = window[0] + length.toNanos();
                    long sent = 0;
                    long answered = 0;
                    long lastAnswer = 0;
                    long firstUnexpected = -1;
                    while (sent < settings.requests() && System.nanoTime() < end) {
                        int status = client.exchange(request.apply(firstRequest + sent)).status();
                        sent++;
                        lastAnswer = System.nanoTime();
                        if (status == expected) {
                            answered++;
                        } else if (firstUnexpected < 0) {
                            firstUnexpected = status;
                        }
                    }
                    return new long[] {sent, answered, lastAnswer, firstUnexpected, threads.getCurrentThreadCpuTime() - cpuStart};
                }));
            }
            CpuPerAnswer.Meter cpu = new CpuPerAnswer.Meter(producerPid);
            window[0] = System.nanoTime();
            go.countDown();
            long sent = 0;
            long answered = 0;
            long lastAnswer = window[0];
            String firstUnexpected = null;
            long clientsCpuNanos = 0;
            for (Future<long[]> result : results) {
                long[] r = result.get(length.toMillis() + READ_TIMEOUT.toMillis() * 2, TimeUnit.MILLISECONDS);
                sent += r[0];
                answered += r[1];
                lastAnswer = Math.max(lastAnswer, r[2]);
                clientsCpuNanos += r[4];
                if (r[3] >= 0 && firstUnexpected == null) {
                    firstUnexpected = Long.toString(r[3]);
                }
            }
            CpuPerAnswer perAnswer = cpu.end(sent, clientsCpuNanos);
            double seconds = Math.max(1, lastAnswer - window[0]) / 1e9;
            return new Phase(sent, Measurement.throughput(answered, answered / seconds, 0), sent, firstUnexpected, perAnswer);
        } finally {
            pool.shutdownNow();
        }
    }

    private static void expect(KeptAliveConnection.Response response, int status, String what) throws IOException {
        if (response.status() != status) {
            throw new IOException(what + " answered " + response.status() + " " + response.text());
        }
    }
}

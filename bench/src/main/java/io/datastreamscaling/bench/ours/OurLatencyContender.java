package io.datastreamscaling.bench.ours;

import io.datastreamscaling.bench.contender.LingerNames;
import io.datastreamscaling.bench.contender.Measurement;
import io.datastreamscaling.bench.contender.RoundContext;
import io.datastreamscaling.bench.contender.Workload;
import io.datastreamscaling.bench.process.ChildProcess;
import io.datastreamscaling.bench.workload.BenchProducerSettings;
import java.time.Duration;
import java.util.Locale;
import java.util.regex.Matcher;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Our producer → our consumer at a fixed rate: the consumer joins a fresh topic first, then the
 * producer sends at that rate for {@code warmupSeconds + seconds}; the latency is each order's
 * {@code createdAt} (set by the generator) → processed by the consumer, from the consumer's
 * {@code order_end_to_end_latency_seconds} histogram (see {@link ConsumerScrape} for its precision).
 *
 * <p>Only the orders processed after the warm-up count: the histogram is read when the consumer has
 * processed the warm-up's orders and again at the end, and the percentiles come from the
 * difference. The first second of two fresh JVMs (class loading, the interpreter, the producer's
 * first metadata and producer-id round trips) otherwise puts a one-off backlog of 1-2 s into the
 * top percent, which says nothing about the pipeline a user runs for days. Both figures are
 * reported (the whole round as {@link Measurement#latencyWithStartUp()}).
 * Unlike {@code EndToEndLatency} this has many orders in flight at once; it runs at the producer's
 * default {@code linger.ms} (5) and at {@code EndToEndLatency}'s 0, so one pair of figures compares at
 * equal settings and the other shows what the default's batching costs.
 */
public final class OurLatencyContender extends OurContender {
    private static final Logger log = LoggerFactory.getLogger(OurLatencyContender.class);
    private static final Duration START_TIMEOUT = Duration.ofMinutes(2);

    private final int ratePerSecond;
    private final int warmupSeconds;
    private final int seconds;
    private final int lingerMs;

    public OurLatencyContender(OurServices services, int ratePerSecond, int lingerMs, int warmupSeconds, int seconds) {
        super(services, Workload.END_TO_END);
        this.ratePerSecond = ratePerSecond;
        this.lingerMs = lingerMs;
        this.warmupSeconds = warmupSeconds;
        this.seconds = seconds;
    }

    @Override
    public String name() {
        return name(ratePerSecond, lingerMs);
    }

    /** "ours @1,000/s" at the default linger, "ours @1,000/s linger 0" at another. */
    public static String name(int ratePerSecond, int lingerMs) {
        return String.format(Locale.ROOT, "ours @%,d/s", ratePerSecond)
                + LingerNames.suffix(lingerMs, BenchProducerSettings.LINGER_MS);
    }

    /** Ignores {@code round.records()}: a fixed rate needs a duration, so it sends {@code rate × (warm-up + seconds)}. */
    @Override
    public Measurement run(RoundContext round) throws Exception {
        long warmupOrders = (long) ratePerSecond * warmupSeconds;
        long orders = warmupOrders + (long) ratePerSecond * seconds;
        String group = round.groupId("ours-" + ratePerSecond + "-linger-" + lingerMs);
        Duration runTimeout = START_TIMEOUT.plusSeconds((warmupSeconds + seconds) * 3L);
        try (GroupOffsets offsets = new GroupOffsets(round.bootstrapServers());
             ChildProcess consumer = services.consumer(round.bootstrapServers(), round.topic(), group).start()) {
            int port = ServiceLines.httpPort(consumer, START_TIMEOUT);
            ServiceLines.await(consumer, ServiceLines.ASSIGNED, START_TIMEOUT, "assigned [...]");
            try (ChildProcess producer = services.producer(round.bootstrapServers(), round.topic(),
                    Integer.toString(ratePerSecond), orders, lingerMs).start()) {
                ConsumerScrape warm = ConsumerScrape.afterProcessing(port, warmupOrders, consumer::isAlive, runTimeout);
                Matcher finished = ServiceLines.await(producer, ServiceLines.GENERATOR_FINISHED, runTimeout);
                offsets.awaitCommitted(group, round.topic(), orders, consumer::isAlive, START_TIMEOUT);
                ConsumerScrape whole = ConsumerScrape.of(port);
                double achievedRate = Long.parseLong(finished.group(1)) / (Math.max(1, Long.parseLong(finished.group(2))) / 1000.0);
                ConsumerScrape measured = whole.minus(warm);
                if (measured.count() == 0) {
                    // On a starved machine the warm-up scrape can come after the last order was processed:
                    // nothing is left to measure apart. Reported over the whole round (latency equals
                    // latencyWithStartUp in the JSON), said so here, instead of failing the whole run.
                    log.warn("{} round {}: every order was processed before the warm-up's {} were seen on /metrics;"
                            + " its latency is over the whole round, start-up included", name(), round.round(), warmupOrders);
                    measured = whole;
                }
                return new Measurement(whole.processed(), achievedRate, 0, measured.latency(), whole.latency());
            }
        }
    }
}

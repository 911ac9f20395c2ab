package io.datastreamscaling.bench.ours;

import io.datastreamscaling.bench.contender.Measurement;
import io.datastreamscaling.bench.contender.RoundContext;
import io.datastreamscaling.bench.contender.Workload;
import io.datastreamscaling.bench.process.ChildProcess;
import java.time.Duration;
import java.util.Locale;
import java.util.regex.Matcher;

/**
 * Our producer → our consumer at a fixed rate: the consumer joins a fresh topic first, then the
 * producer sends {@code rate × seconds} orders at that rate; the latency is each order's
 * {@code createdAt} (set by the generator) → processed by the consumer, from the consumer's
 * {@code order_end_to_end_latency_seconds} histogram (see {@link ConsumerScrape} for its precision).
 * Unlike {@code EndToEndLatency} this keeps our 5 ms linger and many orders in flight at once.
 */
public final class OurLatencyContender extends OurContender {
    private static final Duration START_TIMEOUT = Duration.ofMinutes(2);

    private final int ratePerSecond;
    private final int seconds;

    public OurLatencyContender(OurServices services, int ratePerSecond, int seconds) {
        super(services, Workload.END_TO_END);
        this.ratePerSecond = ratePerSecond;
        this.seconds = seconds;
    }

    @Override
    public String name() {
        return String.format(Locale.ROOT, "ours @%,d/s", ratePerSecond);
    }

    /** Ignores {@code round.records()}: a fixed rate needs a duration, so it sends {@code rate × seconds}. */
    @Override
    public Measurement run(RoundContext round) throws Exception {
        long orders = (long) ratePerSecond * seconds;
        String group = round.groupId("ours-" + ratePerSecond);
        Duration runTimeout = START_TIMEOUT.plusSeconds(seconds * 3L);
        try (GroupOffsets offsets = new GroupOffsets(round.bootstrapServers());
             ChildProcess consumer = services.consumer(round.bootstrapServers(), round.topic(), group).start()) {
            int port = ServiceLines.httpPort(consumer, START_TIMEOUT);
            ServiceLines.await(consumer, ServiceLines.ASSIGNED, START_TIMEOUT, "assigned [...]");
            try (ChildProcess producer = services.producer(round.bootstrapServers(), round.topic(),
                    Integer.toString(ratePerSecond), orders).start()) {
                Matcher finished = ServiceLines.await(producer, ServiceLines.GENERATOR_FINISHED, runTimeout);
                offsets.awaitCommitted(group, round.topic(), orders, consumer::isAlive, START_TIMEOUT);
                ConsumerScrape scrape = ConsumerScrape.of(port);
                double achievedRate = Long.parseLong(finished.group(1)) / (Math.max(1, Long.parseLong(finished.group(2))) / 1000.0);
                return new Measurement(scrape.processed(), achievedRate, 0, scrape.latency());
            }
        }
    }
}

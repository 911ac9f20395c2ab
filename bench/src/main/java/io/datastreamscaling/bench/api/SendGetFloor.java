package io.datastreamscaling.bench.api;

import io.datastreamscaling.bench.contender.Latency;
import io.datastreamscaling.bench.contender.Measurement;
import io.datastreamscaling.bench.contender.RoundContext;
import io.datastreamscaling.bench.process.ChildJvm;
import io.datastreamscaling.bench.process.ChildProcess;
import java.time.Duration;
import java.util.List;

/**
 * Runs {@link SendGetFloorMain} beside each order API round, on a topic of its own, and reads its
 * result lines: the serial and the concurrent figure an order API could reach if HTTP, decoding and
 * encoding cost nothing, from Kafka's producer and the broker alone at the same settings.
 */
public final class SendGetFloor {
    /** The contender's name in the report (the linger suffix is added as for the routes). */
    public static final String NAME = "KafkaProducer send().get()";
    static final String SERIAL = "floor-serial";
    static final String CONCURRENT = "floor-concurrent";
    static final String ACKNOWLEDGED = "floor-acknowledged";
    private static final Duration TIMEOUT = Duration.ofMinutes(5);

    /**
     * @param serial       one caller: latency percentiles; records = every acknowledged order of the run
     * @param concurrent   {@code threads} callers: acknowledgements per second
     * @param acknowledged every order the run saw acknowledged (warm-up, serial and concurrent)
     */
    public record Result(Measurement serial, Measurement concurrent, long acknowledged) {
    }

    private final OrderApiRound.Settings settings;

    public SendGetFloor(OrderApiRound.Settings settings) {
        this.settings = settings;
    }

    public Result run(RoundContext round, int lingerMs) throws Exception {
        try (ChildProcess child = ChildJvm.mainClass(SendGetFloorMain.class.getName())
                .args(round.bootstrapServers(), round.topic(), Integer.toString(lingerMs),
                        Integer.toString(OrderApiRound.SERIAL_WARMUP_PAIRS), Integer.toString(settings.requests()),
                        Long.toString(settings.phase().toSeconds()), Integer.toString(settings.clients()))
                .start()) {
            return parse(child.awaitSuccess(TIMEOUT));
        }
    }

    static Result parse(List<String> stdout) {
        Latency serialLatency = null;
        Measurement concurrent = null;
        Long acknowledged = null;
        for (String line : stdout) {
            String[] f = line.trim().split(" ");
            switch (f[0]) {
                case SERIAL -> serialLatency = new Latency(Double.parseDouble(f[2]), Double.parseDouble(f[3]),
                        Double.parseDouble(f[4]), Double.parseDouble(f[5]));
                case CONCURRENT -> {
                    long answered = Long.parseLong(f[1]);
                    concurrent = Measurement.throughput(answered, answered / (Long.parseLong(f[2]) / 1e9), 0);
                }
                case ACKNOWLEDGED -> acknowledged = Long.parseLong(f[1]);
                default -> {
                    // the producer's own log lines
                }
            }
        }
        if (serialLatency == null || concurrent == null || acknowledged == null) {
            throw new IllegalStateException("no send().get() floor result lines in its output: " + String.join("\n", stdout));
        }
        // One caller, one order at a time: its rate is the inverse of its average latency.
        return new Result(new Measurement(acknowledged, 1000.0 / serialLatency.avgMs(), 0, serialLatency), concurrent, acknowledged);
    }
}

package io.datastreamscaling.bench.run;

import io.datastreamscaling.consumer.ConsumerClients;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The command line of a run. {@code --quick} is a smoke check under 2 minutes; the full run warms the
 * broker for a minute and measures longer rounds. Every count can be overridden.
 *
 * <pre>
 *   --quick                  smoke-check sizes (default: full)
 *   --bootstrap HOST:PORT    an existing cluster (default: KAFKA_BOOTSTRAP_SERVERS, else a fresh embedded broker)
 *   --out FILE               the JSON report (default: bench/target/bench-&lt;timestamp&gt;.json under --project-dir)
 *   --project-dir DIR        the repository root, for jar sizes and the default --out (default: .)
 *   --records N              records per producer/consumer round
 *   --rounds N               measured rounds per contender (at least 3)
 *   --latency-records N      records per end-to-end latency round
 *   --warmup-seconds N       keep repeating the discarded warm-up round until the broker has run this long
 *   --footprint-seconds N    read RSS this long after launch at --footprint-rate (0 skips this run; quick: 0)
 *   --footprint-rate N       records/s during the footprint run
 *   --idle-footprint-seconds N  read RSS this long after launch at 1 record/s, the conditions of the issue's
 *                            Spring Boot figures (default 20; 0 skips this run)
 *   --partitions N           partitions of every bench topic
 *   --ours LIST              which of ours run: producer,consumer,latency,sink,streams,footprint (default all), or none
 *                            (sink also runs the raw COPY it is compared with; it needs PostgreSQL: DB_URL, DB_USER, DB_PASSWORD)
 *   --sink-rows N            rows per sink round
 *   --sink-batch N           rows per sink batch (default: the consumer's max.poll.records)
 *   --streams-records N      orders per streams round
 *   --latency-rates LIST     fixed rates of our end-to-end rounds, orders/s (default 1000,10000)
 *   --latency-seconds N      how long each of our end-to-end rounds sends (measured)
 *   --latency-warmup-seconds N  how long each of them sends before that (histogram not counted: JIT, first fetches)
 * </pre>
 */
public record BenchOptions(boolean quick, String bootstrap, Path out, Path projectDir, long records, int rounds,
                           long latencyRecords, int warmupSeconds, int footprintSeconds, int footprintRate,
                           int idleFootprintSeconds, int partitions,
                           Set<BenchPlan.Ours> ours, List<Integer> latencyRates, int latencySeconds, int latencyWarmupSeconds,
                           int sinkRows, int sinkBatch, int streamsRecords) {

    public static final int MIN_ROUNDS = 3;

    public static BenchOptions parse(List<String> args, Map<String, String> env) {
        List<String> rest = new ArrayList<>(args);
        boolean quick = rest.remove("--quick");
        String bootstrap = take(rest, "--bootstrap", env.get("KAFKA_BOOTSTRAP_SERVERS"));
        String out = take(rest, "--out", null);
        Path projectDir = Path.of(take(rest, "--project-dir", "."));
        long records = number(rest, "--records", quick ? 20_000 : 2_000_000);
        int rounds = (int) number(rest, "--rounds", quick ? MIN_ROUNDS : 5);
        long latencyRecords = number(rest, "--latency-records", quick ? 200 : 10_000);
        int warmupSeconds = (int) number(rest, "--warmup-seconds", quick ? 0 : 60);
        int footprintSeconds = (int) number(rest, "--footprint-seconds", quick ? 0 : 60);
        int idleFootprintSeconds = (int) number(rest, "--idle-footprint-seconds", quick ? 5 : 20);
        int footprintRate = (int) number(rest, "--footprint-rate", 1_000);
        int partitions = (int) number(rest, "--partitions", 6);
        Set<BenchPlan.Ours> ours = ours(take(rest, "--ours", "producer,consumer,latency,sink,streams,footprint"));
        List<Integer> latencyRates = rates(take(rest, "--latency-rates", quick ? "1000" : "1000,10000"));
        int latencySeconds = (int) number(rest, "--latency-seconds", quick ? 1 : 20);
        int latencyWarmupSeconds = (int) number(rest, "--latency-warmup-seconds", quick ? 1 : 5);
        int sinkRows = (int) number(rest, "--sink-rows", quick ? 5_000 : 200_000);
        int sinkBatch = (int) number(rest, "--sink-batch", ConsumerClients.DEFAULT_MAX_POLL_RECORDS);
        int streamsRecords = (int) number(rest, "--streams-records", quick ? 1_000 : 200_000);
        if (!rest.isEmpty()) {
            throw new IllegalArgumentException("unknown arguments: " + rest);
        }
        if (rounds < MIN_ROUNDS) {
            throw new IllegalArgumentException("--rounds must be at least " + MIN_ROUNDS + " for a median to mean anything, was " + rounds);
        }
        if (records < 1 || latencyRecords < 1 || partitions < 1 || footprintRate < 1 || footprintSeconds < 0 || idleFootprintSeconds < 0
                || warmupSeconds < 0
                || latencySeconds < 1 || latencyWarmupSeconds < 0 || sinkRows < 1 || sinkBatch < 1 || streamsRecords < 1) {
            throw new IllegalArgumentException("counts must be positive (footprint and warm-up seconds may be 0)");
        }
        return new BenchOptions(quick, bootstrap, out == null ? null : Path.of(out), projectDir, records, rounds,
                latencyRecords, warmupSeconds, footprintSeconds, footprintRate, idleFootprintSeconds, partitions, ours, latencyRates, latencySeconds,
                latencyWarmupSeconds, sinkRows, sinkBatch, streamsRecords);
    }

    private static Set<BenchPlan.Ours> ours(String list) {
        Set<BenchPlan.Ours> ours = EnumSet.noneOf(BenchPlan.Ours.class);
        for (String name : list.split(",")) {
            if (name.isBlank() || name.trim().equals("none")) {
                continue;
            }
            try {
                ours.add(BenchPlan.Ours.valueOf(name.trim().toUpperCase(Locale.ROOT)));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("--ours takes producer, consumer, latency, sink, streams, footprint or none, was " + name);
            }
        }
        return ours;
    }

    private static List<Integer> rates(String list) {
        List<Integer> rates = new ArrayList<>();
        for (String rate : list.split(",")) {
            try {
                rates.add(Integer.parseInt(rate.trim().replace("_", "")));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("--latency-rates takes whole numbers of orders/s, was " + rate);
            }
        }
        if (rates.stream().anyMatch(r -> r < 1)) {
            throw new IllegalArgumentException("--latency-rates must be positive, was " + list);
        }
        return List.copyOf(rates);
    }

    public Duration warmup() {
        return Duration.ofSeconds(warmupSeconds);
    }

    /** Where the JSON goes: {@code --out}, else a timestamped file under the bench module's target. */
    public Path reportFile(String timestamp) {
        return out != null ? out : projectDir.resolve("bench").resolve("target").resolve("bench-" + timestamp + ".json");
    }

    private static String take(List<String> args, String name, String defaultValue) {
        int i = args.indexOf(name);
        if (i < 0) {
            return defaultValue;
        }
        if (i + 1 >= args.size()) {
            throw new IllegalArgumentException(name + " needs a value");
        }
        String value = args.get(i + 1);
        args.subList(i, i + 2).clear();
        return value;
    }

    private static long number(List<String> args, String name, long defaultValue) {
        String value = take(args, name, null);
        if (value == null) {
            return defaultValue;
        }
        try {
            return Long.parseLong(value.replace("_", ""));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(name + " must be a whole number, was " + value);
        }
    }
}

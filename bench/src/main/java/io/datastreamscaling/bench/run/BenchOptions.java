package io.datastreamscaling.bench.run;

import io.datastreamscaling.bench.api.OrderApiRound;
import io.datastreamscaling.bench.footprint.JvmVariants;
import io.datastreamscaling.bench.workload.BenchProducerSettings;
import io.datastreamscaling.consumer.ConsumerClients;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The command line of a run. {@code --quick} is a smoke check of about 3 minutes; the full run warms the
 * broker for a minute and measures longer rounds. Every count can be overridden.
 *
 * <pre>
 *   --quick                  smoke-check sizes (default: full)
 *   --bootstrap HOST:PORT    an existing cluster (default: KAFKA_BOOTSTRAP_SERVERS, else a fresh embedded broker)
 *   --out FILE               the JSON report (default: bench/target/bench-&lt;timestamp&gt;.json under --project-dir)
 *   --project-dir DIR        the repository root, for jar sizes and the default --out (default: .)
 *   --records N              records per producer/consumer round
 *   --rounds N               measured rounds per contender (at least 3; with --quick, a smoke check, 1 will do)
 *   --latency-records N      records per end-to-end latency round
 *   --warmup-seconds N       keep repeating the discarded warm-up round until the broker has run this long
 *   --footprint-seconds N    read RSS this long after launch at --footprint-rate (0 skips this run; quick: 0)
 *   --footprint-rate N       records/s during the footprint run
 *   --idle-footprint-seconds N  read RSS this long after launch at 1 record/s, the conditions of the issue's
 *                            Spring Boot figures (default 20; 0 skips this run)
 *   --partitions N           partitions of every bench topic
 *   --ours LIST              which of ours run: producer,consumer,latency,api,sink,clickhouse,streams,footprint (default all),
 *                            or none (sink also runs the raw COPY it is compared with; it needs PostgreSQL: DB_URL, DB_USER,
 *                            DB_PASSWORD; clickhouse the raw insert, on CLICKHOUSE_URL, default http://127.0.0.1:8123: skipped
 *                            with a message when no ClickHouse answers, unless --ours names it)
 *   --sink-rows N            rows per sink round (PostgreSQL and ClickHouse)
 *   --sink-batch N           rows per sink batch (default: the consumer's max.poll.records)
 *   --streams-records N      orders per streams round
 *   --latency-rates LIST     fixed rates of our end-to-end rounds, orders/s (default 1000,10000)
 *   --latency-lingers LIST   our producer's linger.ms in those rounds, each rate at each (default 5,0: the default
 *                            and EndToEndLatency's)
 *   --api-clients N          concurrent kept-alive clients of the order API workload (default 32)
 *   --api-requests N         most requests per route in its serial phase, and per client in each concurrent phase
 *   --api-seconds N          longest each of its phases runs
 *   --api-lingers LIST       our producer's linger.ms in the order API rounds, a round at each (default 5,0: the
 *                            default, and none, which shows what the linger costs closed-loop clients)
 *   --latency-seconds N      how long each of our end-to-end rounds sends (measured)
 *   --latency-warmup-seconds N  how long each of them sends before that (histogram not counted: JIT, first fetches)
 *   --jvm-variants LIST      our producer launched these ways for start-up/memory pairs at 1 order/s:
 *                            default,cds,small,jdk25,jdk25-aot,shipped,jdk25-shipped (full with footprint in --ours: all;
 *                            else none), or none
 *   --jvm-variant-launches N measured launches of each variant, alternating (full 3, quick 1)
 *   --jdk25 DIR              the JDK 25 of the jdk25 variants (default JDK25_HOME, else one found under /usr/lib/jvm)
 * </pre>
 */
public record BenchOptions(boolean quick, String bootstrap, Path out, Path projectDir, long records, int rounds,
                           long latencyRecords, int warmupSeconds, int footprintSeconds, int footprintRate,
                           int idleFootprintSeconds, int partitions,
                           Set<BenchPlan.Ours> ours, boolean oursNamed, List<Integer> latencyRates, int latencySeconds, int latencyWarmupSeconds,
                           List<Integer> latencyLingers, int apiClients, int apiRequests, int apiSeconds, List<Integer> apiLingers,
                           int sinkRows, int sinkBatch, int streamsRecords,
                           List<String> jvmVariants, int jvmVariantLaunches, Optional<Path> jdk25) {

    public static final int MIN_ROUNDS = 3;
    static final String DEFAULT_OURS = "producer,consumer,latency,api,sink,clickhouse,streams,footprint";

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
        String oursList = take(rest, "--ours", null);
        Set<BenchPlan.Ours> ours = ours(oursList == null ? DEFAULT_OURS : oursList);
        List<Integer> latencyRates = numbers("--latency-rates", take(rest, "--latency-rates", quick ? "1000" : "1000,10000"), 1);
        List<Integer> latencyLingers = numbers("--latency-lingers", take(rest, "--latency-lingers",
                BenchProducerSettings.LINGER_MS + ",0"), 0);
        int apiClients = (int) number(rest, "--api-clients", 32);
        int apiRequests = (int) number(rest, "--api-requests", quick ? 500 : 5_000);
        int apiSeconds = (int) number(rest, "--api-seconds", quick ? 1 : 10);
        List<Integer> apiLingers = numbers("--api-lingers", take(rest, "--api-lingers",
                BenchProducerSettings.LINGER_MS + ",0"), 0);
        int latencySeconds = (int) number(rest, "--latency-seconds", quick ? 1 : 20);
        int latencyWarmupSeconds = (int) number(rest, "--latency-warmup-seconds", quick ? 1 : 5);
        int sinkRows = (int) number(rest, "--sink-rows", quick ? 5_000 : 200_000);
        int sinkBatch = (int) number(rest, "--sink-batch", ConsumerClients.DEFAULT_MAX_POLL_RECORDS);
        int streamsRecords = (int) number(rest, "--streams-records", quick ? 1_000 : 200_000);
        List<String> jvmVariants = jvmVariants(take(rest, "--jvm-variants",
                quick || !ours.contains(BenchPlan.Ours.FOOTPRINT) ? "none" : String.join(",", JvmVariants.NAMES)));
        int jvmVariantLaunches = (int) number(rest, "--jvm-variant-launches", quick ? 1 : 3);
        Optional<Path> jdk25 = JvmVariants.jdk25(take(rest, "--jdk25", null), env);
        if (!rest.isEmpty()) {
            throw new IllegalArgumentException("unknown arguments: " + rest);
        }
        // A smoke check proves that every workload runs end to end and is reported; it quotes no median.
        int minRounds = quick ? 1 : MIN_ROUNDS;
        if (rounds < minRounds) {
            throw new IllegalArgumentException("--rounds must be at least " + minRounds
                    + (quick ? "" : " for a median to mean anything (--quick: 1)") + ", was " + rounds);
        }
        if (records < 1 || latencyRecords < 1 || partitions < 1 || footprintRate < 1 || footprintSeconds < 0 || idleFootprintSeconds < 0
                || warmupSeconds < 0
                || latencySeconds < 1 || latencyWarmupSeconds < 0 || apiClients < 1 || apiRequests < 1 || apiSeconds < 1 || sinkRows < 1 || sinkBatch < 1 || streamsRecords < 1 || jvmVariantLaunches < 1) {
            throw new IllegalArgumentException("counts must be positive (footprint and warm-up seconds may be 0)");
        }
        return new BenchOptions(quick, bootstrap, out == null ? null : Path.of(out), projectDir, records, rounds,
                latencyRecords, warmupSeconds, footprintSeconds, footprintRate, idleFootprintSeconds, partitions, ours, oursList != null, latencyRates, latencySeconds,
                latencyWarmupSeconds, latencyLingers, apiClients, apiRequests, apiSeconds, apiLingers, sinkRows, sinkBatch, streamsRecords,
                jvmVariants, jvmVariantLaunches, jdk25);
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
                throw new IllegalArgumentException("--ours takes producer, consumer, latency, api, sink, clickhouse, streams, footprint or none, was " + name);
            }
        }
        return ours;
    }

    private static List<String> jvmVariants(String list) {
        List<String> names = new ArrayList<>();
        for (String name : list.split(",")) {
            String trimmed = name.trim();
            if (trimmed.isEmpty() || trimmed.equals("none")) {
                continue;
            }
            if (!JvmVariants.NAMES.contains(trimmed)) {
                throw new IllegalArgumentException("--jvm-variants takes " + String.join(", ", JvmVariants.NAMES) + " or none, was " + trimmed);
            }
            names.add(trimmed);
        }
        return List.copyOf(names);
    }

    /** A comma-separated list of whole numbers, each at least {@code min}. */
    private static List<Integer> numbers(String option, String list, int min) {
        List<Integer> numbers = new ArrayList<>();
        for (String number : list.split(",")) {
            try {
                numbers.add(Integer.parseInt(number.trim().replace("_", "")));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(option + " takes whole numbers separated by commas, was " + number);
            }
        }
        if (numbers.stream().anyMatch(n -> n < min)) {
            throw new IllegalArgumentException(option + " must be at least " + min + " each, was " + list);
        }
        return List.copyOf(numbers);
    }

    /** The order API workload's size: a serial phase and two concurrent phases, each bounded in time and count. */
    public OrderApiRound.Settings apiSettings() {
        return new OrderApiRound.Settings(apiClients, apiRequests, Duration.ofSeconds(apiSeconds));
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

package io.datastreamscaling.bench.scaling;

import io.datastreamscaling.bench.postgres.BenchDatabases;
import io.datastreamscaling.bench.process.ChildJvm;
import io.datastreamscaling.bench.process.ChildProcess;
import io.datastreamscaling.bench.report.Machine;
import io.datastreamscaling.bench.workload.BenchTopics;
import io.datastreamscaling.bench.workload.OrderPayloads;
import io.datastreamscaling.local.broker.EmbeddedKafkaBroker;
import io.datastreamscaling.local.database.ScratchDatabase;
import io.datastreamscaling.shared.order.OrderJson;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.common.GroupState;
import org.apache.kafka.common.errors.GroupIdNotFoundException;

/**
 * Consumer scaling: how many rows/s the exactly-once PostgreSQL sink writes with 1, 2, 4, … instances
 * of the consumer service in one group, each a separate JVM ({@code java -jar consumer.jar}), all
 * reading the same pre-filled topic from the start into a fresh database of their own.
 *
 * <p>The clock starts when the group is stable with all N members each owning partitions (polled
 * with {@code describeConsumerGroups}), so JVM start-up and the joins are not counted: the first JVM
 * up would otherwise write alone while the others start. Rate = rows written after that moment /
 * (start of the last writing transaction − that moment). Efficiency = rate(N) / (N × rate(1)): 1.0
 * is perfectly linear scaling. The wall time from launch is printed beside it.
 *
 * <pre>
 *   ./mvnw -q -pl consumer,bench -am package -DskipTests
 *   java -cp bench/target/bench.jar io.datastreamscaling.bench.scaling.ConsumerScalingBench [--instances 1,2,4] [--partitions 12] [--records 100000]
 * </pre>
 * Prints a table, then one JSON line. Exit code 0, 1 if a group did not write every record within the
 * timeout, 2 for bad arguments.
 */
public final class ConsumerScalingBench {
    private static final Duration POLL = Duration.ofMillis(250);

    private record Result(int instances, long rows, double seconds, double wallSeconds, double rowsPerSecond) {
    }

    private static final Duration GROUP_TIMEOUT = Duration.ofSeconds(10);

    private ConsumerScalingBench() {
    }

    public static void main(String[] args) throws Exception {
        System.exit(run(args));
    }

    static int run(String[] args) throws Exception {
        ScalingBenchOptions options;
        try {
            options = ScalingBenchOptions.parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println("invalid option: " + e.getMessage());
            return 2;
        }
        String runId = Long.toString(System.currentTimeMillis());
        List<Result> results = new ArrayList<>();
        try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start(EmbeddedKafkaBroker.Settings.temporary());
             BenchTopics topics = new BenchTopics(broker.bootstrapServers(), options.partitions(), runId);
             Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers()))) {
            String topic = topics.prefilled(OrderPayloads.generate(options.records()), options.records());
            System.out.printf("pre-filled %s: %,d orders on %d partitions%n", topic, options.records(), options.partitions());
            for (int n : options.instances()) {
                Result result = measure(options, admin, broker.bootstrapServers(), topic, n, runId);
                if (result == null) {
                    return 1;
                }
                results.add(result);
                System.out.printf(Locale.ROOT, "%d instance(s): %,d rows in %.1f s once all were assigned = %,.0f rows/s (wall from launch %.1f s)%n",
                        n, result.rows(), result.seconds(), result.rowsPerSecond(), result.wallSeconds());
            }
        }
        print(options, results);
        return 0;
    }

    /** One group of {@code n} consumer JVMs until the table holds every record; null on timeout. */
    private static Result measure(ScalingBenchOptions options, Admin admin, String bootstrap, String topic, int n, String runId)
            throws Exception {
        String name = "bench_scale_" + runId + "_" + n;
        try (ScratchDatabase db = BenchDatabases.create(name)) {
            List<ChildProcess> consumers = new ArrayList<>();
            long launched = System.nanoTime();
            try {
                for (int i = 0; i < n; i++) {
                    consumers.add(ChildJvm.jar(options.consumerJar())
                            .env("KAFKA_BOOTSTRAP_SERVERS", bootstrap)
                            .env("ORDERS_TOPIC", topic)
                            .env("CONSUMER_GROUP_ID", name)
                            .env("SINK", "postgres")
                            .env("SINK_MODE", "exactly-once")
                            .env("DB_URL", db.url())
                            .env("DB_USER", db.user())
                            .env("DB_PASSWORD", db.password())
                            .env("HTTP_PORT", "0")
                            .env("TOPIC_PARTITIONS", Integer.toString(options.partitions()))
                            .start());
                }
                long deadline = launched + Duration.ofSeconds(options.timeoutSeconds()).toNanos();
                while (!allMembersAssigned(admin, name, n)) {
                    if (System.nanoTime() > deadline || consumers.stream().anyMatch(c -> !c.isAlive())) {
                        System.out.printf("%d instance(s): the group never had %d members with partitions%n%s%n", n, n,
                                consumers.get(0).stderrTail());
                        return null;
                    }
                    Thread.sleep(POLL.toMillis()); // polling the coordinator: the bound is the deadline above
                }
                BenchDatabases.Progress start = BenchDatabases.progress(db);
                BenchDatabases.Progress progress = start;
                while (progress.rows() < options.records()) {
                    if (System.nanoTime() > deadline || consumers.stream().anyMatch(c -> !c.isAlive())) {
                        System.out.printf("%d instance(s): %,d of %,d rows, giving up%n%s%n", n, progress.rows(), options.records(),
                                consumers.get(0).stderrTail());
                        return null;
                    }
                    Thread.sleep(POLL.toMillis()); // polling a table: the bound is the deadline above
                    progress = BenchDatabases.progress(db);
                }
                double wall = (System.nanoTime() - launched) / 1e9;
                double seconds = progress.lastWrite() - start.now();
                long rows = progress.rows() - start.rows();
                return new Result(n, rows, seconds, wall, rows / Math.max(1e-3, seconds));
            } finally {
                consumers.forEach(ChildProcess::close);
            }
        }
    }

    /** The group is stable with {@code n} members and every member owns at least one partition. */
    private static boolean allMembersAssigned(Admin admin, String group, int n) throws Exception {
        ConsumerGroupDescription description;
        try {
            description = admin.describeConsumerGroups(List.of(group)).all().get(GROUP_TIMEOUT.toSeconds(), TimeUnit.SECONDS).get(group);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof GroupIdNotFoundException) {
                return false; // no member has joined yet
            }
            throw e;
        }
        return description.groupState() == GroupState.STABLE && description.members().size() == n
                && description.members().stream().allMatch(m -> !m.assignment().topicPartitions().isEmpty());
    }

    private static void print(ScalingBenchOptions options, List<Result> results) throws Exception {
        double single = results.stream().filter(r -> r.instances() == 1).mapToDouble(Result::rowsPerSecond).findFirst().orElse(Double.NaN);
        System.out.println();
        System.out.println("| instances | rows/s | efficiency rate(N) / (N x rate(1)) |");
        System.out.println("|---|---|---|");
        List<Map<String, Object>> rows = new ArrayList<>();
        for (Result r : results) {
            double efficiency = r.rowsPerSecond() / (r.instances() * single);
            System.out.printf(Locale.ROOT, "| %d | %,.0f | %.2f |%n", r.instances(), r.rowsPerSecond(), efficiency);
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("instances", r.instances());
            row.put("rows", r.rows());
            row.put("seconds", Math.round(r.seconds() * 10) / 10.0);
            row.put("wallSeconds", Math.round(r.wallSeconds() * 10) / 10.0);
            row.put("rowsPerSecond", Math.round(r.rowsPerSecond()));
            row.put("efficiency", Double.isNaN(efficiency) ? null : Math.round(efficiency * 100) / 100.0);
            rows.add(row);
        }
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("benchmark", "consumer-scaling");
        json.put("machine", Machine.current());
        json.put("partitions", options.partitions());
        json.put("records", options.records());
        json.put("results", rows);
        System.out.println(OrderJson.mapper().writeValueAsString(json));
    }
}

package io.datastreamscaling.local.verify;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.datastreamscaling.consumer.sink.postgres.DatabaseSettings;
import io.datastreamscaling.shared.kafka.Topics;
import io.datastreamscaling.shared.order.OrderJson;
import io.datastreamscaling.shared.verify.DeliveryComparison;
import io.datastreamscaling.shared.verify.DeliveryComparison.Acknowledged;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;

/**
 * The delivery verifier: compares the producer's verification file ({@code PRODUCER_VERIFY_FILE})
 * with what a sink holds, the way Kafka's system tests check {@code VerifiableProducer}'s output.
 *
 * <pre>
 *   --acks FILE               the producer's verification file (required)
 *   --bootstrap SERVERS       check the topic, read from the beginning
 *   --topic NAME              the topic (default orders)
 *   --expect-no-duplicates    a duplicate in the topic is a failure (the producer is idempotent)
 *   --db-url JDBC_URL         check the Postgres orders table (user/password: URL, or PGUSER/PGPASSWORD)
 *   --timeout S               bound on reading a sink (default 120)
 * </pre>
 * For each sink: one human line, then one JSON line. Exit 0 when every sink keeps its promises, 1
 * when something is missing (or duplicated where the sink promises exactly once, or out of order
 * within the topic), 2 on bad options or an unreadable input.
 */
public final class Verify {
    private Verify() {
    }

    public static void main(String[] args) {
        System.exit(run(args, System.out));
    }

    public static int run(String[] args, PrintStream out) {
        Options options;
        try {
            options = Options.parse(args);
        } catch (IllegalArgumentException e) {
            out.println("invalid option: " + e.getMessage());
            return 2;
        }
        try {
            List<Acknowledged> acknowledged = AcknowledgementFile.read(options.acks());
            List<SinkVerdict> verdicts = new ArrayList<>();
            if (options.bootstrap().isPresent()) {
                verdicts.add(verifyTopic(acknowledged, options.bootstrap().get(), options.topic(),
                        options.expectNoDuplicates(), options.timeout()));
            }
            if (options.dbUrl().isPresent()) {
                verdicts.add(verifyTable(acknowledged, options.dbUrl().get()));
            }
            verdicts.forEach(v -> print(v, out));
            return verdicts.stream().allMatch(SinkVerdict::passed) ? 0 : 1;
        } catch (IOException | SQLException | RuntimeException e) {
            out.println("verification not possible: " + e.getMessage());
            return 2;
        }
    }

    /** The topic read from the beginning against the acknowledgements (used by the launcher's --verify). */
    public static SinkVerdict verifyTopic(List<Acknowledged> acknowledged, String bootstrap, String topic,
                                          boolean expectNoDuplicates, Duration timeout) {
        TopicSink.Contents contents = TopicSink.read(bootstrap, topic, timeout);
        return new SinkVerdict("topic", DeliveryComparison.compare(acknowledged, contents.orderIds()),
                expectNoDuplicates, true, contents.undecodable());
    }

    public static SinkVerdict verifyTopic(Path acks, String bootstrap, String topic, boolean expectNoDuplicates,
                                          Duration timeout) throws IOException {
        return verifyTopic(AcknowledgementFile.read(acks), bootstrap, topic, expectNoDuplicates, timeout);
    }

    private static SinkVerdict verifyTable(List<Acknowledged> acknowledged, String dbUrl) throws SQLException {
        Properties credentials = new Properties();
        Optional.ofNullable(System.getenv("PGUSER")).ifPresent(user -> credentials.setProperty("user", user));
        Optional.ofNullable(System.getenv("PGPASSWORD")).ifPresent(password -> credentials.setProperty("password", password));
        List<String> rows = TableSink.read(dbUrl, credentials);
        // The table's order is by source offset, not by user: ordering is the topic's promise, not its.
        return new SinkVerdict("postgres", DeliveryComparison.compare(acknowledged, rows), true, false, 0);
    }

    /**
     * This run's rows of the Postgres sink's table against this run's acknowledgements (used by the
     * launcher's --verify): rows written since {@code since}, the database's clock at the run's start.
     */
    public static SinkVerdict verifyTableSince(Path acks, DatabaseSettings db, Timestamp since) throws IOException, SQLException {
        List<String> rows = TableSink.readSince(db.url(), credentials(db), since);
        return new SinkVerdict("postgres", DeliveryComparison.compare(AcknowledgementFile.read(acks), rows), true, false, 0);
    }

    /** The sink's stored offsets for {@code group} against the topic's log-end offsets (after a drain). */
    public static StoredOffsets verifyStoredOffsets(DatabaseSettings db, String group, String topic, String bootstrap,
                                                    Duration timeout) throws SQLException {
        Map<Integer, Long> logEnd = TopicSink.endOffsets(bootstrap, topic, timeout);
        return new StoredOffsets(StoredOffsets.read(db.url(), credentials(db), group, topic), logEnd);
    }

    private static Properties credentials(DatabaseSettings db) {
        Properties credentials = new Properties();
        credentials.setProperty("user", db.user());
        credentials.setProperty("password", db.password());
        return credentials;
    }

    public static void print(StoredOffsets offsets, PrintStream out) {
        out.println(offsets.humanLine());
        try {
            out.println(OrderJson.mapper().writeValueAsString(offsets.asJson()));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    public static void print(SinkVerdict verdict, PrintStream out) {
        out.println(verdict.humanLine());
        try {
            out.println(OrderJson.mapper().writeValueAsString(verdict.asJson()));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    record Options(Path acks, Optional<String> bootstrap, String topic, boolean expectNoDuplicates,
                   Optional<String> dbUrl, Duration timeout) {
        static Options parse(String... args) {
            Path acks = null;
            Optional<String> bootstrap = Optional.empty();
            String topic = Topics.ORDERS;
            boolean expectNoDuplicates = false;
            Optional<String> dbUrl = Optional.empty();
            Duration timeout = Duration.ofSeconds(120);
            for (int i = 0; i < args.length; i++) {
                switch (args[i]) {
                    case "--acks" -> acks = Path.of(value(args, ++i, "--acks"));
                    case "--bootstrap" -> bootstrap = Optional.of(value(args, ++i, "--bootstrap"));
                    case "--topic" -> topic = value(args, ++i, "--topic");
                    case "--expect-no-duplicates" -> expectNoDuplicates = true;
                    case "--db-url" -> dbUrl = Optional.of(value(args, ++i, "--db-url"));
                    case "--timeout" -> timeout = Duration.ofSeconds(seconds(value(args, ++i, "--timeout")));
                    default -> throw new IllegalArgumentException("unknown option " + args[i]);
                }
            }
            if (acks == null) {
                throw new IllegalArgumentException("--acks FILE is required (the producer's PRODUCER_VERIFY_FILE)");
            }
            if (bootstrap.isEmpty() && dbUrl.isEmpty()) {
                throw new IllegalArgumentException("name a sink: --bootstrap (the topic) and/or --db-url (the table)");
            }
            return new Options(acks, bootstrap, topic, expectNoDuplicates, dbUrl, timeout);
        }

        private static String value(String[] args, int index, String option) {
            if (index >= args.length) {
                throw new IllegalArgumentException(option + " needs a value");
            }
            return args[index];
        }

        private static long seconds(String text) {
            try {
                long value = Long.parseLong(text);
                if (value > 0) {
                    return value;
                }
            } catch (NumberFormatException ignored) {
                // reported below
            }
            throw new IllegalArgumentException("--timeout needs a positive whole number of seconds, got '" + text + "'");
        }
    }
}

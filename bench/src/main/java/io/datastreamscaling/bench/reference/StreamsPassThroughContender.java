package io.datastreamscaling.bench.reference;

import io.datastreamscaling.bench.contender.Contender;
import io.datastreamscaling.bench.contender.Measurement;
import io.datastreamscaling.bench.contender.RoundContext;
import io.datastreamscaling.bench.contender.Workload;
import io.datastreamscaling.bench.ours.GroupOffsets;
import io.datastreamscaling.bench.ours.OurService;
import io.datastreamscaling.bench.process.ChildJvm;
import io.datastreamscaling.bench.process.ChildProcess;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;

/**
 * The reference of the streams workload: {@link StreamsPassThroughMain} (source → sink, exactly-once,
 * our streams settings) in a child JVM on {@code streams.jar}'s Kafka Streams, reading the same
 * pre-filled topic from the start under a fresh application id, state directory and output topic.
 * Timed exactly as ours: its {@code -> RUNNING} line → its group's committed offsets cover every
 * record. The count is what the output topic holds for a {@code read_committed} reader: every
 * input record once, no aborted write counted.
 */
public final class StreamsPassThroughContender implements Contender {
    private static final Duration TIMEOUT = Duration.ofMinutes(10);
    private static final double MIB = 1024.0 * 1024.0;
    private static final String MAIN_CLASS = StreamsPassThroughMain.class.getName();

    private final Path projectDir;

    public StreamsPassThroughContender(Path projectDir) {
        this.projectDir = projectDir;
    }

    @Override
    public String name() {
        return "pass-through";
    }

    @Override
    public Workload workload() {
        return Workload.STREAMS;
    }

    @Override
    public boolean reference() {
        return true;
    }

    @Override
    public Measurement run(RoundContext round) throws Exception {
        String applicationId = round.groupId("pass-through");
        String output = applicationId + "-out";
        Path stateDir = Files.createDirectories(round.workDir().resolve("streams-state").resolve(applicationId));
        createLike(round.bootstrapServers(), round.topic(), output);
        ChildJvm jvm = jvm()
                .env("KAFKA_BOOTSTRAP_SERVERS", round.bootstrapServers())
                .env("ORDERS_TOPIC", round.topic())
                .env(StreamsPassThroughMain.OUTPUT_TOPIC, output)
                .env("STREAMS_APPLICATION_ID", applicationId)
                .env("STREAMS_STATE_DIR", stateDir.toString());
        try (GroupOffsets offsets = new GroupOffsets(round.bootstrapServers());
             ChildProcess child = jvm.start()) {
            long runningAt = child.awaitFirst(line -> line.contains(" -> RUNNING"), TIMEOUT)
                    .orElseThrow(() -> new IllegalStateException("the streams pass-through never reached RUNNING"
                            + (child.isAlive() ? " within " + TIMEOUT : " (it exited)") + "\nlast stdout lines:\n"
                            + child.stdoutTail() + "\nlast stderr lines:\n" + child.stderrTail()))
                    .arrivedNanos();
            long doneAt = offsets.awaitCommitted(applicationId, round.topic(), round.records(), child::isAlive, TIMEOUT);
            double seconds = (doneAt - runningAt) / 1e9;
            long written = CommittedRecords.count(round.bootstrapServers(), output, Duration.ofMinutes(2));
            return Measurement.throughput(written, round.records() / seconds, round.records() * (double) round.recordSize() / MIB / seconds);
        }
    }

    /**
     * On {@code streams.jar}'s classpath when it is built (the same Kafka Streams ours runs), else on the
     * bench's own, which holds Kafka Streams only in the harness test.
     */
    private ChildJvm jvm() {
        Path streamsJar = projectDir.resolve(OurService.STREAMS.jar());
        ChildJvm jvm;
        if (Files.isRegularFile(streamsJar)) {
            jvm = ChildJvm.mainClass(MAIN_CLASS, streamsJar);
        } else if (kafkaStreamsOnClasspath()) {
            jvm = ChildJvm.mainClass(MAIN_CLASS);
        } else {
            throw new IllegalStateException(OurService.STREAMS.jar() + " is not built (under " + projectDir.toAbsolutePath()
                    + "), and the pass-through runs on its Kafka Streams: ./mvnw -pl streams,bench -am package -DskipTests");
        }
        return jvm.jvmOption("-Dorg.slf4j.simpleLogger.logFile=System.out")
                .jvmOption("-Dorg.slf4j.simpleLogger.log.io.datastreamscaling=info");
    }

    private static boolean kafkaStreamsOnClasspath() {
        try {
            Class.forName("org.apache.kafka.streams.KafkaStreams", false, StreamsPassThroughContender.class.getClassLoader());
            return true;
        } catch (ClassNotFoundException e) {
            return false;
        }
    }

    /** The output topic with the input's partition count, so the sink side is laid out like the source. */
    private static void createLike(String bootstrapServers, String input, String output) throws Exception {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers))) {
            int partitions = admin.describeTopics(List.of(input)).allTopicNames().get(1, TimeUnit.MINUTES).get(input).partitions().size();
            admin.createTopics(List.of(new NewTopic(output, partitions, (short) 1))).all().get(1, TimeUnit.MINUTES);
        }
    }
}

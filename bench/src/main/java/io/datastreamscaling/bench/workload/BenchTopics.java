package io.datastreamscaling.bench.workload;

import io.datastreamscaling.shared.kafka.TopicBootstrap;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ListOffsetsResult;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;

/**
 * The topics of a run: one fresh topic per producing round (so its end offsets are exactly what
 * that round sent), and one pre-filled topic every consuming round reads from the start.
 */
public final class BenchTopics implements AutoCloseable {
    private static final Duration TIMEOUT = Duration.ofSeconds(60);

    private final String bootstrapServers;
    private final Admin admin;
    private final int partitions;
    private final String runId;
    private final AtomicInteger sequence = new AtomicInteger();

    public BenchTopics(String bootstrapServers, int partitions, String runId) {
        this.bootstrapServers = bootstrapServers;
        this.admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers));
        this.partitions = partitions;
        this.runId = runId;
    }

    /** Creates an empty topic with the run's layout (the same for every contender). */
    public String create(String purpose) throws Exception {
        String name = "bench-" + runId + "-" + purpose + "-" + sequence.incrementAndGet();
        admin.createTopics(List.of(new NewTopic(name, partitions, (short) 1))).all()
                .get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
        // No contender writes before every partition's leader serves it (KAFKA-15591, see TopicBootstrap).
        TopicBootstrap.awaitLeadersServing(admin, List.of(name), TIMEOUT);
        return name;
    }

    /** Sum of the partitions' end offsets: how many records the topic holds (no compaction, no deletes). */
    public long records(String topic) throws Exception {
        Map<TopicPartition, OffsetSpec> latest = admin.describeTopics(List.of(topic)).allTopicNames()
                .get(TIMEOUT.toSeconds(), TimeUnit.SECONDS).get(topic).partitions().stream()
                .collect(Collectors.toMap(p -> new TopicPartition(topic, p.partition()), p -> OffsetSpec.latest()));
        Map<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo> offsets =
                admin.listOffsets(latest).all().get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
        return offsets.values().stream().mapToLong(ListOffsetsResult.ListOffsetsResultInfo::offset).sum();
    }

    /**
     * Writes {@code count} orders keyed by user id, as our producer would, with the bench producer
     * settings; returns once every one is acknowledged.
     */
    public String prefilled(OrderPayloads payloads, long count) throws Exception {
        String topic = create("prefilled");
        try (KafkaProducer<String, byte[]> producer = BenchProducerSettings.orderProducer(bootstrapServers, BenchProducerSettings.LINGER_MS)) {
            for (int i = 0; i < count; i++) {
                producer.send(new ProducerRecord<>(topic, payloads.key(i), payloads.value(i)));
            }
            producer.flush();
        }
        long written = records(topic);
        if (written != count) {
            throw new IllegalStateException("pre-filled topic " + topic + " holds " + written + " records, expected " + count);
        }
        return topic;
    }

    @Override
    public void close() {
        admin.close();
    }
}

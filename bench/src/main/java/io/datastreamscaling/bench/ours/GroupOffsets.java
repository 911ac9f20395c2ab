package io.datastreamscaling.bench.ours;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;

/**
 * Watches our consumer from outside through the offsets its group commits: it commits right after
 * each batch is processed, so "committed offsets sum to N" means "N orders processed", seen within
 * one poll interval plus a commit round trip, without asking the consumer anything (a /metrics scrape
 * every few milliseconds would cost it CPU we are measuring).
 */
public final class GroupOffsets implements AutoCloseable {
    /** How often the broker is asked: small beside any round, cheap for the broker. */
    private static final long POLL_MILLIS = 10;

    private final Admin admin;

    public GroupOffsets(String bootstrapServers) {
        this.admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers));
    }

    /**
     * When (in {@link System#nanoTime()}) the group's committed offsets on {@code topic} first summed
     * to at least {@code records}; fails if {@code alive} turns false or {@code timeout} passes first.
     */
    public long awaitCommitted(String group, String topic, long records, BooleanSupplier alive, Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        long committed = 0;
        while (System.nanoTime() < deadline && alive.getAsBoolean()) {
            committed = committed(group, topic);
            if (committed >= records) {
                return System.nanoTime();
            }
            Thread.sleep(POLL_MILLIS); // a polling interval, not a guess: the deadline bounds the wait
        }
        throw new IllegalStateException("group " + group + " committed " + committed + " of " + records + " records on "
                + topic + (alive.getAsBoolean() ? " within " + timeout : " before the consumer exited"));
    }

    public long committed(String group, String topic) throws Exception {
        Map<TopicPartition, OffsetAndMetadata> offsets = admin.listConsumerGroupOffsets(group)
                .partitionsToOffsetAndMetadata().get(30, TimeUnit.SECONDS);
        return offsets.entrySet().stream()
                .filter(e -> e.getKey().topic().equals(topic) && e.getValue() != null)
                .mapToLong(e -> e.getValue().offset()).sum();
    }

    @Override
    public void close() {
        admin.close();
    }
}

package io.datastreamscaling.bench.ours;

import io.datastreamscaling.shared.kafka.ConsumerGroupOffsets;
import java.time.Duration;
import java.util.Map;
import java.util.function.BooleanSupplier;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;

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
        return ConsumerGroupOffsets.committed(admin, group, topic, Duration.ofSeconds(30)).values().stream()
                .mapToLong(Long::longValue).sum();
    }

    @Override
    public void close() {
        admin.close();
    }
}

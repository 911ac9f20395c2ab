package io.datastreamscaling.consumer.lag;

import io.datastreamscaling.shared.metrics.MeterNames;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.RetriableException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code consumer_lag_records{topic,partition}}: log end offset minus our position, for each assigned
 * partition. Refreshed on the loop thread every {@code interval}, never per record, from the high
 * watermark of the last fetch ({@code currentLag}, no request); only paused or not yet fetched
 * partitions cost a ListOffsets request. The gauges read the last value. A partition that leaves us loses its gauge, so a dashboard
 * summing lag over instances does not count it twice.
 */
public final class LagReporter {
    private static final Logger log = LoggerFactory.getLogger(LagReporter.class);
    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(5);

    private final Consumer<?, ?> consumer;
    private final MeterRegistry registry;
    private final long intervalNanos;
    private final Map<TopicPartition, AtomicLong> lag = new ConcurrentHashMap<>();
    private final Map<TopicPartition, Gauge> gauges = new HashMap<>();
    private long nextRefresh = System.nanoTime();
    private Set<TopicPartition> lastRefreshed = Set.of();

    public LagReporter(Consumer<?, ?> consumer, MeterRegistry registry, Duration interval) {
        this.consumer = consumer;
        this.registry = registry;
        this.intervalNanos = interval.toNanos();
    }

    public void refreshIfDue() {
        long now = System.nanoTime();
        Set<TopicPartition> assigned = consumer.assignment();
        // A changed assignment is measured at once, not up to one interval later: until then a new
        // partition's lag reads as absent (and totalLag() as 0). Once per change, so a failing
        // refresh is not retried on every poll.
        if (now - nextRefresh < 0 && assigned.equals(lastRefreshed)) {
            return;
        }
        nextRefresh = now + intervalNanos;
        lastRefreshed = assigned;
        if (assigned.isEmpty()) {
            return;
        }
        // Lag as of the last fetch response (its high watermark), known without a request: a
        // ListOffsets round trip here every interval held every record arriving meanwhile on this
        // thread, a visible share of the end-to-end tail. A paused partition is fetched no more, so
        // its cached figure would freeze; it, and any partition not fetched yet, asks the broker.
        Set<TopicPartition> paused = consumer.paused();
        List<TopicPartition> ask = new ArrayList<>();
        for (TopicPartition tp : assigned) {
            OptionalLong fromFetch = paused.contains(tp) ? OptionalLong.empty() : consumer.currentLag(tp);
            if (fromFetch.isPresent()) {
                holder(tp).set(Math.max(0, fromFetch.getAsLong()));
            } else {
                ask.add(tp);
            }
        }
        if (ask.isEmpty()) {
            return;
        }
        try {
            Map<TopicPartition, Long> ends = consumer.endOffsets(ask, REQUEST_TIMEOUT);
            for (TopicPartition tp : ask) {
                Long end = ends.get(tp);
                if (end != null) {
                    long position = consumer.position(tp, REQUEST_TIMEOUT);
                    holder(tp).set(Math.max(0, end - position));
                }
            }
        } catch (RetriableException e) {
            log.debug("lag not refreshed: {}", e.toString());
        }
    }

    /** Sum over the partitions this consumer owns, as of the last refresh. */
    public long totalLag() {
        return lag.values().stream().mapToLong(AtomicLong::get).sum();
    }

    public void forget(Collection<TopicPartition> partitions) {
        for (TopicPartition tp : partitions) {
            lag.remove(tp);
            Gauge gauge = gauges.remove(tp);
            if (gauge != null) {
                registry.remove(gauge);
            }
        }
    }

    private AtomicLong holder(TopicPartition tp) {
        return lag.computeIfAbsent(tp, key -> {
            AtomicLong value = new AtomicLong();
            gauges.put(key, Gauge.builder(MeterNames.CONSUMER_LAG, value, AtomicLong::get)
                    .description("Records between the log end offset and this consumer's position")
                    .tag("topic", key.topic())
                    .tag("partition", Integer.toString(key.partition()))
                    .register(registry));
            return value;
        });
    }
}

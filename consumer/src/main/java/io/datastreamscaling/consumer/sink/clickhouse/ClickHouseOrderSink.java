package io.datastreamscaling.consumer.sink.clickhouse;

import io.datastreamscaling.consumer.sink.ConsumedOrder;
import io.datastreamscaling.consumer.sink.OrderBatch;
import io.datastreamscaling.consumer.sink.OrderSink;
import io.datastreamscaling.consumer.sink.SinkUnavailableException;
import java.nio.charset.StandardCharsets;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Orders into ClickHouse for analytics, with an exactly-once effect and no transactions:
 *
 * <ul>
 *   <li>each INSERT is one block, stored whole or not at all, and every row carries its source topic,
 *       partition and offset;</li>
 *   <li>the table ({@code ReplacingMergeTree ORDER BY order_id}) keeps one row per order, so a
 *       re-delivered order is no second row once merged, and none for queries with {@code FINAL};</li>
 *   <li>on assignment the loop starts each partition at what the table holds ({@link #storedOffsets}:
 *       one past the highest stored offset), so after a crash nothing is skipped and, normally,
 *       nothing re-sent. Kafka's committed offsets are updated afterwards for lag tooling only.</li>
 * </ul>
 *
 * <p>Used from the poll-loop thread only.
 */
public final class ClickHouseOrderSink implements OrderSink {
    private static final Logger log = LoggerFactory.getLogger(ClickHouseOrderSink.class);

    private final ClickHouseSettings settings;
    private final ClickHouseHttp http;
    /**
     * How far the table holds each owned partition, as far as we know: what it said at assignment,
     * moved on by each block it acknowledged. Rows below are stored already and are not sent again
     * (a batch retried after a block of it failed, or re-read after a rebalance race).
     */
    private final Map<TopicPartition, Long> stored = new HashMap<>();
    private boolean schemaReady;

    private ClickHouseOrderSink(ClickHouseSettings settings) {
        this.settings = settings;
        this.http = new ClickHouseHttp(settings);
    }

    /**
     * Creates the tables if the server is up. A server that is down now is not an error (the consumer
     * waits for it, not ready); one that refuses our user stops start-up.
     */
    public static ClickHouseOrderSink start(ClickHouseSettings settings) {
        ClickHouseOrderSink sink = new ClickHouseOrderSink(settings);
        try {
            for (String statement : ClickHouseSchema.statements(settings.database())) {
                sink.http.execute(statement);
            }
            sink.schemaReady = true;
        } catch (SinkUnavailableException e) {
            log.warn("ClickHouse not reachable at start ({}); consuming starts when it is", e.getMessage());
        } catch (ClickHouseHttp.RefusedException e) {
            throw new IllegalStateException(e.getMessage(), e);
        }
        return sink;
    }

    @Override
    public int write(OrderBatch batch) throws SinkUnavailableException {
        ensureSchema();
        List<ConsumedOrder> fresh = batch.orders().stream()
                .filter(o -> o.offset() >= stored.getOrDefault(source(o), 0L))
                .collect(Collectors.toList());
        // The orders keep the poll's order (offsets ascending per partition), and the blocks go in
        // that order: if block k fails after block k-1 was stored, every stored row of a partition is
        // below every missing one, so "one past the highest stored offset" skips nothing.
        int from = 0;
        while (from < fresh.size()) {
            StringBuilder block = new StringBuilder();
            int to = from;
            int bytes = 0;
            while (to < fresh.size() && to - from < settings.maxRows()) {
                int before = block.length();
                OrderTsv.append(block, fresh.get(to));
                // Counted, not encoded: the block is encoded once, when it is sent.
                bytes += OrderTsv.utf8Length(block, before);
                to++;
                if (bytes >= settings.maxBytes()) {
                    break;
                }
            }
            insert(ClickHouseSchema.insertOrders(settings.database()), block);
            fresh.subList(from, to).forEach(o -> stored.merge(source(o), o.offset() + 1, Math::max));
            from = to;
        }
        recordDeadLetteredTails(batch);
        return fresh.size();
    }

    /**
     * A partition whose last records in the batch were dead-lettered has no row saying it got past
     * them; its next offset goes to {@code kafka_offsets}, after the rows, so it never runs ahead of
     * them. Without it a restart would dead-letter those records again.
     */
    private void recordDeadLetteredTails(OrderBatch batch) throws SinkUnavailableException {
        Map<TopicPartition, Long> lastRow = new HashMap<>();
        batch.orders().forEach(o -> lastRow.merge(new TopicPartition(o.topic(), o.partition()), o.offset(), Math::max));
        StringBuilder rows = new StringBuilder();
        for (Map.Entry<TopicPartition, OffsetAndMetadata> next : batch.nextOffsets().entrySet()) {
            Long last = lastRow.get(next.getKey());
            if (last == null || last + 1 < next.getValue().offset()) {
                OrderTsv.escape(rows, next.getKey().topic());
                rows.append('\t').append(next.getKey().partition()).append('\t').append(next.getValue().offset()).append('\n');
            }
        }
        if (!rows.isEmpty()) {
            insert(ClickHouseSchema.insertOffsets(settings.database()), rows);
        }
    }

    @Override
    public Map<TopicPartition, Long> storedOffsets(Collection<TopicPartition> partitions) throws SinkUnavailableException {
        ensureSchema();
        String topics = partitions.stream().map(TopicPartition::topic).distinct()
                .map(ClickHouseSchema::literal).collect(Collectors.joining(", "));
        String answer = execute(ClickHouseSchema.storedOffsets(settings.database(), topics));
        Map<TopicPartition, Long> found = new HashMap<>();
        for (String line : answer.lines().toList()) {
            String[] fields = line.split("\t");
            TopicPartition tp = new TopicPartition(unescape(fields[0]), Integer.parseInt(fields[1]));
            if (partitions.contains(tp)) {
                found.put(tp, Long.parseLong(fields[2]));
            }
        }
        partitions.forEach(tp -> stored.put(tp, found.getOrDefault(tp, 0L)));
        return found;
    }

    @Override
    public void release(Collection<TopicPartition> partitions) {
        partitions.forEach(stored::remove);
    }

    @Override
    public void checkAvailable() throws SinkUnavailableException {
        execute("SELECT 1");
        ensureSchema();
    }

    private static TopicPartition source(ConsumedOrder order) {
        return new TopicPartition(order.topic(), order.partition());
    }

    private void ensureSchema() throws SinkUnavailableException {
        if (schemaReady) {
            return;
        }
        for (String statement : ClickHouseSchema.statements(settings.database())) {
            execute(statement);
        }
        schemaReady = true;
    }

    private String execute(String sql) throws SinkUnavailableException {
        try {
            return http.execute(sql);
        } catch (ClickHouseHttp.RefusedException e) {
            throw refused(e);
        }
    }

    private void insert(String statement, StringBuilder rows) throws SinkUnavailableException {
        try {
            http.insert(statement, rows.toString().getBytes(StandardCharsets.UTF_8));
        } catch (ClickHouseHttp.RefusedException e) {
            throw refused(e);
        }
    }

    /** Credentials changed while running: keep retrying (not ready) until someone fixes them, loudly. */
    private static SinkUnavailableException refused(ClickHouseHttp.RefusedException e) {
        log.error("{} (not transient; retrying until someone fixes the credentials)", e.getMessage());
        return new SinkUnavailableException(e.getMessage(), e);
    }

    /** Topic names are plain in Kafka ([a-zA-Z0-9._-]); a backslash escape cannot occur, this is for safety. */
    private static String unescape(String field) {
        return field.replace("\\t", "\t").replace("\\n", "\n").replace("\\\\", "\\");
    }

    @Override
    public void close() {
        // HttpClient holds no connection we must release; its pool closes with the JVM.
    }

    @Override
    public String toString() {
        return "ClickHouse " + settings.url() + "/" + settings.database();
    }
}

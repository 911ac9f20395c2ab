package io.datastreamscaling.bench.clickhouse;

import io.datastreamscaling.bench.contender.Contender;
import io.datastreamscaling.bench.contender.RoundContext;
import io.datastreamscaling.bench.sink.SinkBatches;
import io.datastreamscaling.consumer.sink.clickhouse.ClickHouseOrderSink;
import java.io.IOException;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One fresh ClickHouse database per round and contender, with the sink's own tables created before
 * the clock starts (by starting a {@link ClickHouseOrderSink} on it), so the raw insert and our sink
 * write into the same empty {@code ReplacingMergeTree}. The round's {@link RoundContext#topic()}
 * names the database; afterwards its rows are counted as stored (no {@code FINAL}: a row sent twice
 * would be counted twice) and the database is dropped.
 */
public final class ClickHouseRounds implements AutoCloseable {
    private final BenchClickHouse server;
    private final SinkBatches batches;
    private final String runId;
    private final Set<String> databases = ConcurrentHashMap.newKeySet();
    private final AtomicInteger sequence = new AtomicInteger();

    public ClickHouseRounds(BenchClickHouse server, SinkBatches batches, String runId) {
        this.server = server;
        this.batches = batches;
        this.runId = runId.replaceAll("[^A-Za-z0-9]", "_").toLowerCase(Locale.ROOT);
    }

    public BenchClickHouse server() {
        return server;
    }

    public SinkBatches batches() {
        return batches;
    }

    /** A fresh database holding the sink's empty tables, for {@code contender}'s round. */
    public RoundContext prepare(Contender contender, int round) {
        String name = "bench_ch_" + runId + "_" + sequence.incrementAndGet();
        databases.add(name);
        ClickHouseOrderSink.start(server.sinkSettings(name)).close();
        return new RoundContext(null, name, batches.rows(), round, null, 0, null);
    }

    /** Rows stored in the round's {@code orders} table, duplicates included; the database is dropped afterwards. */
    public long rowsThenDrop(String database) throws IOException {
        try {
            return Long.parseLong(server.execute("SELECT count() FROM " + database + ".orders").strip());
        } finally {
            drop(database);
        }
    }

    private void drop(String database) throws IOException {
        databases.remove(database);
        server.execute("DROP DATABASE IF EXISTS " + database);
    }

    @Override
    public void close() throws IOException {
        for (String database : Set.copyOf(databases)) {
            drop(database);
        }
    }
}

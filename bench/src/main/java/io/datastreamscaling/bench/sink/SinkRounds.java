package io.datastreamscaling.bench.sink;

import io.datastreamscaling.bench.contender.Contender;
import io.datastreamscaling.bench.contender.RoundContext;
import io.datastreamscaling.bench.postgres.BenchDatabases;
import io.datastreamscaling.consumer.sink.postgres.SchemaMigrator;
import io.datastreamscaling.local.database.ScratchDatabase;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One fresh database per sink round and contender, migrated to the consumer's schema before the
 * clock starts, so every contender writes into the same empty tables and indexes (a table that
 * grows across rounds would slow the later rounds down). The round's {@link RoundContext#topic()}
 * names the database; after the round its rows are counted (the harness checks them against what
 * the contender reported) and the database is dropped.
 */
public final class SinkRounds implements AutoCloseable {
    private final SinkBatches batches;
    private final String runId;
    private final Map<String, ScratchDatabase> databases = new ConcurrentHashMap<>();
    private final AtomicInteger sequence = new AtomicInteger();

    public SinkRounds(SinkBatches batches, String runId) {
        this.batches = batches;
        this.runId = runId.replaceAll("[^A-Za-z0-9]", "_").toLowerCase(Locale.ROOT);
    }

    public SinkBatches batches() {
        return batches;
    }

    /** A fresh, migrated database for {@code contender}'s round. */
    public RoundContext prepare(Contender contender, int round) throws SQLException {
        String name = "bench_sink_" + runId + "_" + sequence.incrementAndGet();
        ScratchDatabase database = BenchDatabases.create(name);
        databases.put(name, database);
        try (Connection c = database.connect()) {
            SchemaMigrator.migrate(c);
        }
        return new RoundContext(null, name, batches.rows(), round, null, 0, null);
    }

    public ScratchDatabase database(RoundContext round) {
        ScratchDatabase database = databases.get(round.topic());
        if (database == null) {
            throw new IllegalStateException("no sink database " + round.topic() + " was prepared for this round");
        }
        return database;
    }

    /** Rows in the round's {@code orders} table; the database is dropped afterwards. */
    public long rowsThenDrop(String name) throws SQLException {
        try (ScratchDatabase database = databases.remove(name)) {
            return BenchDatabases.progress(database).rows();
        }
    }

    @Override
    public void close() throws SQLException {
        for (String name : databases.keySet()) {
            databases.remove(name).close();
        }
    }
}

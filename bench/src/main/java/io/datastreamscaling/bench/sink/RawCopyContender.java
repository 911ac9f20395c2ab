package io.datastreamscaling.bench.sink;

import io.datastreamscaling.bench.contender.Contender;
import io.datastreamscaling.bench.contender.Measurement;
import io.datastreamscaling.bench.contender.RoundContext;
import io.datastreamscaling.bench.contender.Workload;
import io.datastreamscaling.consumer.sink.OrderBatch;
import io.datastreamscaling.consumer.sink.postgres.OrderCopyText;
import java.sql.Connection;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyIn;

/**
 * The reference of the sink workload: the same rows straight into {@code orders} with COPY, one
 * transaction per batch, nothing else (no staging table, no conflict check, no offsets). No sink
 * that keeps our guarantees can be faster; the ratio says what the guarantees cost.
 */
public final class RawCopyContender implements Contender {
    private static final String COPY = "COPY orders (" + OrderCopyText.COLUMNS + ") FROM STDIN";

    private final SinkRounds rounds;

    public RawCopyContender(SinkRounds rounds) {
        this.rounds = rounds;
    }

    @Override
    public String name() {
        return "raw COPY";
    }

    @Override
    public Workload workload() {
        return Workload.SINK;
    }

    @Override
    public boolean reference() {
        return true;
    }

    @Override
    public Measurement run(RoundContext round) throws Exception {
        long started = System.nanoTime();
        long rows = 0;
        try (Connection c = rounds.database(round).connect()) {
            c.setAutoCommit(false);
            for (OrderBatch batch : rounds.batches().batches()) {
                byte[] text = OrderCopyText.of(batch.orders());
                CopyIn copy = c.unwrap(PGConnection.class).getCopyAPI().copyIn(COPY);
                copy.writeToCopy(text, 0, text.length);
                rows += copy.endCopy();
                c.commit();
            }
        }
        return SinkMeasurement.of(rows, started);
    }
}

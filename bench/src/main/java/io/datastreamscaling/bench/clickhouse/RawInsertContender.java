package io.datastreamscaling.bench.clickhouse;

import io.datastreamscaling.bench.contender.Contender;
import io.datastreamscaling.bench.contender.Measurement;
import io.datastreamscaling.bench.contender.RoundContext;
import io.datastreamscaling.bench.contender.Workload;
import io.datastreamscaling.consumer.sink.ConsumedOrder;
import io.datastreamscaling.consumer.sink.OrderBatch;
import io.datastreamscaling.consumer.sink.clickhouse.OrderTsv;
import java.nio.charset.StandardCharsets;

/**
 * The reference of the ClickHouse workload: the same rows as our sink stores (the sink's own row
 * format, {@link OrderTsv}: the same columns and bytes, source partition and offset included), one
 * {@code INSERT ... FORMAT TabSeparated} over HTTP per batch, nothing else (no offsets read at the
 * start, no skipping of stored rows, no size limits).
 * What a user without our guarantee would write; the ratio says what the guarantee costs.
 */
public final class RawInsertContender implements Contender {
    private final ClickHouseRounds rounds;

    public RawInsertContender(ClickHouseRounds rounds) {
        this.rounds = rounds;
    }

    @Override
    public String name() {
        return "raw insert";
    }

    @Override
    public Workload workload() {
        return Workload.CLICKHOUSE;
    }

    @Override
    public boolean reference() {
        return true;
    }

    @Override
    public Measurement run(RoundContext round) throws Exception {
        String insert = "INSERT INTO " + round.topic() + ".orders (" + OrderTsv.COLUMNS + ") FORMAT TabSeparated";
        long started = System.nanoTime();
        long rows = 0;
        for (OrderBatch batch : rounds.batches().batches()) {
            rounds.server().insert(insert, tabSeparated(batch));
            rows += batch.orders().size();
        }
        double seconds = (System.nanoTime() - started) / 1e9;
        return Measurement.throughput(rows, rows / seconds, 0);
    }

    /** One line per order, as the sink writes it. */
    private static byte[] tabSeparated(OrderBatch batch) {
        StringBuilder out = new StringBuilder(batch.orders().size() * 128);
        for (ConsumedOrder consumed : batch.orders()) {
            OrderTsv.append(out, consumed);
        }
        return out.toString().getBytes(StandardCharsets.UTF_8);
    }
}

package io.datastreamscaling.bench.clickhouse;

import io.datastreamscaling.bench.contender.Contender;
import io.datastreamscaling.bench.contender.Measurement;
import io.datastreamscaling.bench.contender.RoundContext;
import io.datastreamscaling.bench.contender.Workload;
import io.datastreamscaling.consumer.sink.ConsumedOrder;
import io.datastreamscaling.consumer.sink.OrderBatch;
import io.datastreamscaling.shared.order.Order;
import java.nio.charset.StandardCharsets;

/**
 * The reference of the ClickHouse workload: the same rows as our sink stores (the same columns,
 * source partition and offset included), one {@code INSERT ... FORMAT TabSeparated} over HTTP per
 * batch, nothing else (no offsets read at the start, no skipping of stored rows, no size limits).
 * What a user without our guarantee would write; the ratio says what the guarantee costs.
 */
public final class RawInsertContender implements Contender {
    /** The sink's columns (its schema is what {@link ClickHouseRounds} creates). */
    static final String COLUMNS = "order_id, user_id, amount, currency, created_at, created_at_ms,"
            + " source_topic, source_partition, source_offset";

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
        String insert = "INSERT INTO " + round.topic() + ".orders (" + COLUMNS + ") FORMAT TabSeparated";
        long started = System.nanoTime();
        long rows = 0;
        for (OrderBatch batch : rounds.batches().batches()) {
            rounds.server().insert(insert, tabSeparated(batch));
            rows += batch.orders().size();
        }
        double seconds = (System.nanoTime() - started) / 1e9;
        return Measurement.throughput(rows, rows / seconds, 0);
    }

    /** Generated orders need no escaping (user ids and currencies are plain): one line per order. */
    private static byte[] tabSeparated(OrderBatch batch) {
        StringBuilder out = new StringBuilder(batch.orders().size() * 128);
        for (ConsumedOrder consumed : batch.orders()) {
            Order order = consumed.order();
            out.append(order.orderId()).append('\t').append(order.userId())
                    .append('\t').append(order.amount().toPlainString()).append('\t').append(order.currency())
                    .append('\t').append(order.createdAt().getEpochSecond()).append('\t').append(order.createdAt().toEpochMilli())
                    .append('\t').append(consumed.topic()).append('\t').append(consumed.partition())
                    .append('\t').append(consumed.offset()).append('\n');
        }
        return out.toString().getBytes(StandardCharsets.UTF_8);
    }
}

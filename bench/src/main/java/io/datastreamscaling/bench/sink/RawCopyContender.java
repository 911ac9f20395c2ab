package io.datastreamscaling.bench.sink;

import io.datastreamscaling.bench.contender.Contender;
import io.datastreamscaling.bench.contender.Measurement;
import io.datastreamscaling.bench.contender.RoundContext;
import io.datastreamscaling.bench.contender.Workload;
import io.datastreamscaling.consumer.sink.ConsumedOrder;
import io.datastreamscaling.consumer.sink.OrderBatch;
import io.datastreamscaling.shared.order.Order;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyIn;

/**
 * The reference of the sink workload: the same rows straight into {@code orders} with COPY, one
 * transaction per batch, nothing else (no staging table, no conflict check, no offsets). No sink
 * that keeps our guarantees can be faster; the ratio says what the guarantees cost.
 */
public final class RawCopyContender implements Contender {
    private static final String COPY = "COPY orders (order_id, user_id, amount, currency, created_at,"
            + " source_topic, source_partition, source_offset) FROM STDIN";

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
                byte[] text = copyText(batch);
                CopyIn copy = c.unwrap(PGConnection.class).getCopyAPI().copyIn(COPY);
                copy.writeToCopy(text, 0, text.length);
                rows += copy.endCopy();
                c.commit();
            }
        }
        return SinkMeasurement.of(rows, started);
    }

    private static byte[] copyText(OrderBatch batch) {
        StringBuilder text = new StringBuilder(batch.orders().size() * 160);
        for (ConsumedOrder o : batch.orders()) {
            Order order = o.order();
            text.append(order.orderId()).append('\t').append(order.userId()).append('\t')
                    .append(order.amount().toPlainString()).append('\t').append(order.currency()).append('\t')
                    .append(order.createdAt()).append('\t').append(o.topic()).append('\t')
                    .append(o.partition()).append('\t').append(o.offset()).append('\n');
        }
        return text.toString().getBytes(StandardCharsets.UTF_8);
    }
}

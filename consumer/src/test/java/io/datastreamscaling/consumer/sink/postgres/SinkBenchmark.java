package io.datastreamscaling.consumer.sink.postgres;

import io.datastreamscaling.consumer.sink.ConsumedOrder;
import io.datastreamscaling.consumer.sink.OrderBatch;
import io.datastreamscaling.consumer.testing.TestDatabase;
import io.datastreamscaling.shared.order.Order;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyIn;

/**
 * Rows per second into {@code orders} for the exactly-once sink, the at-least-once sink and a raw COPY
 * of the same rows into the same table, in one run, same batches (one transaction per batch), in
 * alternating rounds; the best round of each counts. Not a test: run it by hand (see docs/benchmarks.md).
 *
 * <p>Arguments: total rows (default 200000), rows per batch (default 1000), rounds (default 3).
 */
public final class SinkBenchmark {
    private static final String TOPIC = "bench-orders";
    private static final int PARTITIONS = 6;

    private SinkBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int rows = args.length > 0 ? Integer.parseInt(args[0]) : 200_000;
        int batchSize = args.length > 1 ? Integer.parseInt(args[1]) : 1_000;
        int rounds = args.length > 2 ? Integer.parseInt(args[2]) : 3;
        List<OrderBatch> batches = batches(rows, batchSize);
        double copy = 0;
        double exactlyOnce = 0;
        double atLeastOnce = 0;
        try (TestDatabase db = TestDatabase.create("sink_benchmark")) {
            DatabaseSettings settings = new DatabaseSettings(db.url(), db.env().get("DB_USER"), db.env().get("DB_PASSWORD"));
            try (Connection c = db.connect()) {
                SchemaMigrator.migrate(c);
            }
            for (int round = 1; round <= rounds; round++) {
                copy = Math.max(copy, rate(rows, () -> rawCopy(db, batches)));
                truncate(db);
                exactlyOnce = Math.max(exactlyOnce, rate(rows, () -> throughSink(settings, true, batches)));
                truncate(db);
                atLeastOnce = Math.max(atLeastOnce, rate(rows, () -> throughSink(settings, false, batches)));
                truncate(db);
                System.out.printf(Locale.ROOT, "round %d: copy %.0f rows/s, exactly-once %.0f, at-least-once %.0f (best so far)%n",
                        round, copy, exactlyOnce, atLeastOnce);
            }
        }
        System.out.printf(Locale.ROOT, "raw COPY            %,10.0f rows/s  1.00%n", copy);
        System.out.printf(Locale.ROOT, "exactly-once sink   %,10.0f rows/s  %.2f x COPY%n", exactlyOnce, exactlyOnce / copy);
        System.out.printf(Locale.ROOT, "at-least-once sink  %,10.0f rows/s  %.2f x COPY%n", atLeastOnce, atLeastOnce / copy);
        System.out.printf(Locale.ROOT, "{\"rows\":%d,\"batch\":%d,\"copy_rows_per_s\":%.0f,\"exactly_once_rows_per_s\":%.0f,"
                        + "\"at_least_once_rows_per_s\":%.0f,\"exactly_once_ratio\":%.3f,\"at_least_once_ratio\":%.3f}%n",
                rows, batchSize, copy, exactlyOnce, atLeastOnce, exactlyOnce / copy, atLeastOnce / copy);
    }

    private interface Run {
        void run() throws Exception;
    }

    private static double rate(int rows, Run run) throws Exception {
        long start = System.nanoTime();
        run.run();
        return rows / ((System.nanoTime() - start) / 1e9);
    }

    private static void throughSink(DatabaseSettings settings, boolean exactlyOnce, List<OrderBatch> batches) throws Exception {
        try (PostgresOrderSink sink = PostgresOrderSink.start(settings, "bench", exactlyOnce)) {
            List<TopicPartition> partitions = new ArrayList<>();
            for (int p = 0; p < PARTITIONS; p++) {
                partitions.add(new TopicPartition(TOPIC, p));
            }
            sink.storedOffsets(partitions);
            for (OrderBatch batch : batches) {
                sink.write(batch);
            }
        }
    }

    /** The same rows straight into orders with COPY, one transaction per batch: the ceiling. */
    private static void rawCopy(TestDatabase db, List<OrderBatch> batches) throws Exception {
        try (Connection c = db.connect()) {
            c.setAutoCommit(false);
            for (OrderBatch batch : batches) {
                StringBuilder text = new StringBuilder(batch.orders().size() * 160);
                for (ConsumedOrder o : batch.orders()) {
                    Order order = o.order();
                    text.append(order.orderId()).append('\t').append(order.userId()).append('\t')
                            .append(order.amount().toPlainString()).append('\t').append(order.currency()).append('\t')
                            .append(order.createdAt()).append('\t').append(o.topic()).append('\t')
                            .append(o.partition()).append('\t').append(o.offset()).append('\n');
                }
                byte[] bytes = text.toString().getBytes(StandardCharsets.UTF_8);
                CopyIn copy = c.unwrap(PGConnection.class).getCopyAPI().copyIn("COPY orders (order_id, user_id, amount, currency,"
                        + " created_at, source_topic, source_partition, source_offset) FROM STDIN");
                copy.writeToCopy(bytes, 0, bytes.length);
                copy.endCopy();
                c.commit();
            }
        }
    }

    private static void truncate(TestDatabase db) throws Exception {
        try (Connection c = db.connect(); Statement st = c.createStatement()) {
            st.execute("TRUNCATE orders, kafka_offsets");
            st.execute("VACUUM ANALYZE orders");
        }
    }

    /** Poll-like batches: each spans all partitions, offsets continuing per partition. */
    private static List<OrderBatch> batches(int rows, int batchSize) {
        List<OrderBatch> batches = new ArrayList<>();
        long[] next = new long[PARTITIONS];
        Instant now = Instant.now();
        for (int start = 0; start < rows; start += batchSize) {
            List<ConsumedOrder> orders = new ArrayList<>(batchSize);
            Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>();
            for (int i = start; i < Math.min(rows, start + batchSize); i++) {
                int partition = i % PARTITIONS;
                long offset = next[partition]++;
                Order order = new Order(UUID.randomUUID(), "user-" + (i % 10_000), new BigDecimal(1 + i % 900).add(new BigDecimal("0.99")), "EUR", now);
                orders.add(new ConsumedOrder(order, new ConsumerRecord<>(TOPIC, partition, offset, null, null)));
                offsets.put(new TopicPartition(TOPIC, partition), new OffsetAndMetadata(offset + 1));
            }
            batches.add(new OrderBatch(orders, offsets));
        }
        return batches;
    }
}

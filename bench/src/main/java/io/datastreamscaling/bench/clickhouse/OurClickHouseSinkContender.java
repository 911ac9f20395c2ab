package io.datastreamscaling.bench.clickhouse;

import io.datastreamscaling.bench.contender.Contender;
import io.datastreamscaling.bench.contender.Measurement;
import io.datastreamscaling.bench.contender.RoundContext;
import io.datastreamscaling.bench.contender.Workload;
import io.datastreamscaling.consumer.sink.OrderBatch;
import io.datastreamscaling.consumer.sink.clickhouse.ClickHouseOrderSink;

/**
 * Our consumer's {@link ClickHouseOrderSink} fed the same batches as the raw insert: it reads where
 * the table says each partition continues (as on assignment), then writes each batch as blocks whose
 * rows carry their partition and offset. In the bench's JVM, as inside the consumer's poll loop: the
 * sink alone, timed from its start (schema statements, stored offsets) to the last acknowledged block.
 */
public final class OurClickHouseSinkContender implements Contender {
    private final ClickHouseRounds rounds;

    public OurClickHouseSinkContender(ClickHouseRounds rounds) {
        this.rounds = rounds;
    }

    @Override
    public String name() {
        return "ours exactly-once";
    }

    @Override
    public Workload workload() {
        return Workload.CLICKHOUSE;
    }

    @Override
    public boolean reference() {
        return false;
    }

    @Override
    public Measurement run(RoundContext round) throws Exception {
        long started = System.nanoTime();
        long rows = 0;
        try (ClickHouseOrderSink sink = ClickHouseOrderSink.start(rounds.server().sinkSettings(round.topic()))) {
            sink.storedOffsets(rounds.batches().partitions());
            for (OrderBatch batch : rounds.batches().batches()) {
                rows += sink.write(batch);
            }
        }
        double seconds = (System.nanoTime() - started) / 1e9;
        return Measurement.throughput(rows, rows / seconds, 0);
    }
}

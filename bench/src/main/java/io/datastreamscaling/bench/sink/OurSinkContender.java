package io.datastreamscaling.bench.sink;

import io.datastreamscaling.bench.contender.Contender;
import io.datastreamscaling.bench.contender.Measurement;
import io.datastreamscaling.bench.contender.RoundContext;
import io.datastreamscaling.bench.contender.Workload;
import io.datastreamscaling.consumer.sink.OrderBatch;
import io.datastreamscaling.consumer.sink.postgres.DatabaseSettings;
import io.datastreamscaling.consumer.sink.postgres.PostgresOrderSink;
import io.datastreamscaling.local.database.ScratchDatabase;

/**
 * Our consumer's {@link PostgresOrderSink} in one of its two modes, fed the same batches as the raw
 * COPY: exactly-once (rows and next offsets in one transaction, compare-and-set on
 * {@code kafka_offsets}) or at-least-once. It runs in the bench's JVM, as it runs inside the
 * consumer's poll loop: what is timed is the sink alone, from start (connect, schema check, claiming
 * the partitions) to the last commit, without Kafka or decoding.
 */
public final class OurSinkContender implements Contender {
    private final SinkRounds rounds;
    private final boolean exactlyOnce;

    public OurSinkContender(SinkRounds rounds, boolean exactlyOnce) {
        this.rounds = rounds;
        this.exactlyOnce = exactlyOnce;
    }

    @Override
    public String name() {
        return exactlyOnce ? "ours exactly-once" : "ours at-least-once";
    }

    @Override
    public Workload workload() {
        return Workload.SINK;
    }

    @Override
    public boolean reference() {
        return false;
    }

    @Override
    public Measurement run(RoundContext round) throws Exception {
        ScratchDatabase database = rounds.database(round);
        DatabaseSettings settings = new DatabaseSettings(database.url(), database.user(), database.password());
        long started = System.nanoTime();
        long rows = 0;
        try (PostgresOrderSink sink = PostgresOrderSink.start(settings, "bench-sink", exactlyOnce)) {
            sink.storedOffsets(rounds.batches().partitions());
            for (OrderBatch batch : rounds.batches().batches()) {
                rows += sink.write(batch);
            }
        }
        return SinkMeasurement.of(rows, started);
    }
}

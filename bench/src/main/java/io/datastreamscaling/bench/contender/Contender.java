package io.datastreamscaling.bench.contender;

/**
 * One side of a comparison: a Kafka reference tool or one of our services, each run as a child JVM
 * so both are measured alike (own heap, own JIT warm-up, own process start).
 *
 * <p>To add our producer: implement this with {@link #workload()} = {@link Workload#PRODUCE},
 * {@link #reference()} = false, and in {@link #run} start {@code java -jar producer/target/producer.jar}
 * through {@link io.datastreamscaling.bench.process.ChildJvm} against {@link RoundContext#bootstrapServers()}
 * and {@link RoundContext#topic()}, wait for it to finish {@link RoundContext#records()} records, and
 * return what it measured; then add it to {@code BenchPlan}.
 */
public interface Contender {
    /** Short name for the table and the JSON ({@code ProducerPerformance}, {@code ours}). */
    String name();

    Workload workload();

    /** True for Kafka's own tools: ratios are ours / reference. */
    boolean reference();

    Measurement run(RoundContext round) throws Exception;
}

/**
 * The order codec's fast path: an optimisation, not the definition of the format.
 *
 * <p>The reference is {@code io.datastreamscaling.shared.order.OrderJson}, which reads and writes
 * orders with Jackson's streaming parser and generator; read it first. The classes here do the same
 * for the shape nearly every order has (printable ASCII, no escapes, the usual instant form), on the
 * bytes, without a JSON library: {@link io.datastreamscaling.shared.order.fastpath.OrderBytesReader}
 * for decoding, {@link io.datastreamscaling.shared.order.fastpath.OrderBytesWriter} for encoding,
 * {@code IsoInstants} for the instant text. Anything else they leave to the reference by answering
 * {@code null}, so no input is accepted, refused or worded differently for taking this path.
 *
 * <ul>
 *   <li>Equivalence: {@code OrderCodecDifferentialTest} (shared tests) runs both paths on random,
 *       generated and mutated documents and orders, and requires equal orders, equal bytes, or the
 *       same refusal with the same message; {@code IsoInstantsTest} compares the instant text with
 *       the JDK's on a million instants.</li>
 *   <li>Why: the producer encodes and the consumer decodes every order on its one hot thread. Against
 *       the Jackson streaming path alone, JMH measured encode 345 → 135 ns and decode 490 → 300 ns per
 *       order, and a quarter more throughput end to end (docs/benchmarks.md, "What changed since the
 *       previous quiet run").</li>
 *   <li>Benchmark: {@code bench/src/main/java/io/datastreamscaling/bench/jmh/OrderCodecBenchmark.java},
 *       {@code java -cp bench/target/bench.jar org.openjdk.jmh.Main OrderCodec -prof gc}.</li>
 * </ul>
 *
 * <p>This package depends on nothing else in the project: it sees values, not orders.
 */
package io.datastreamscaling.shared.order.fastpath;

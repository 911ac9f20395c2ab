package io.datastreamscaling.bench.jmh;

import io.datastreamscaling.bench.workload.OrderPayloads;
import io.datastreamscaling.shared.order.Order;
import io.datastreamscaling.shared.order.OrderJson;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The per-record hot paths: encoding an order (producer) and decoding + validating one (consumer),
 * beside copying the same number of bytes, the least any path that touches the value must cost.
 *
 * <pre>
 *   java -cp bench/target/bench.jar org.openjdk.jmh.Main OrderCodec -prof gc
 * </pre>
 * ns/op is the time per order; {@code gc.alloc.rate.norm} (from {@code -prof gc}) the bytes it allocates.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
@State(Scope.Thread)
public class OrderCodecBenchmark {
    private Order order;
    private byte[] json;

    @Setup
    public void prepare() {
        OrderPayloads payloads = OrderPayloads.generate(1);
        json = payloads.value(0);
        order = OrderJson.decode(json);
    }

    @Benchmark
    public byte[] encode() {
        return OrderJson.encode(order);
    }

    @Benchmark
    public Order decode() {
        return OrderJson.decode(json);
    }

    /** The floor: a fresh array of the encoded size, filled (what a serializer must at least do). */
    @Benchmark
    public byte[] copyBaseline() {
        return Arrays.copyOf(json, json.length);
    }
}

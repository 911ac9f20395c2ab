package io.datastreamscaling.bench.reference;

import io.datastreamscaling.bench.contender.Measurement;
import io.datastreamscaling.bench.contender.RoundContext;
import io.datastreamscaling.bench.contender.Workload;
import io.datastreamscaling.bench.workload.BenchProducerSettings;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.kafka.clients.producer.ProducerConfig;

/**
 * Kafka's {@code EndToEndLatency}: sends one record of our order size, waits for the acknowledgement,
 * polls until it is read back, then sends the next. It has no rate option: its rate is one record per
 * round trip (about 1/avg latency), and it forces {@code linger.ms=0}. Our idempotence, and the
 * compression of the latency profile that linger belongs to, reach it through {@code --command-config}.
 */
public final class EndToEndLatencyContender extends ReferenceTool {
    /** What the tool forces. */
    private static final int LINGER_MS = 0;

    public EndToEndLatencyContender() {
        super("org.apache.kafka.tools.EndToEndLatency", Workload.END_TO_END);
    }

    @Override
    List<String> arguments(RoundContext round) throws IOException {
        return List.of(
                "--bootstrap-server", round.bootstrapServers(),
                "--topic", round.topic(),
                "--num-records", Long.toString(round.records()),
                "--producer-acks", BenchProducerSettings.ACKS,
                "--record-size", Integer.toString(round.recordSize()),
                "--command-config", clientConfig(round.workDir()).toString());
    }

    @Override
    Measurement parse(List<String> stdout, RoundContext round) {
        return EndToEndLatencyOutput.parse(stdout, round.records());
    }

    private static Path clientConfig(Path workDir) throws IOException {
        Path file = workDir.resolve("end-to-end-latency.properties");
        Files.write(file, List.of(
                ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG + "=" + BenchProducerSettings.IDEMPOTENCE,
                ProducerConfig.COMPRESSION_TYPE_CONFIG + "=" + BenchProducerSettings.compression(LINGER_MS)));
        return file;
    }
}

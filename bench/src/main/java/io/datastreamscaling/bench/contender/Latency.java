package io.datastreamscaling.bench.contender;

/**
 * Latency percentiles in milliseconds. Kafka's {@code EndToEndLatency} prints whole milliseconds
 * (kept as printed); ours carry microsecond resolution in the fraction.
 */
public record Latency(double avgMs, double p50Ms, double p99Ms, double p999Ms) {
}

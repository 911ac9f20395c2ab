package io.datastreamscaling.bench.contender;

/**
 * What one contender reported for one round.
 *
 * @param records       records the contender says it sent or read (checked against the topic's end offsets)
 * @param recordsPerSec throughput, or for a latency run the round trips per second
 * @param mbPerSec      MiB/s as the Kafka tools count it (bytes / 1024 / 1024)
 * @param latency       percentiles for an end-to-end run, else {@code null}
 * @param latencyWithStartUp for a run whose {@code latency} leaves a warm-up out: the percentiles over
 *                      every record, start-up included (reported beside it); else {@code null}
 */
public record Measurement(long records, double recordsPerSec, double mbPerSec, Latency latency, Latency latencyWithStartUp) {
    public Measurement(long records, double recordsPerSec, double mbPerSec, Latency latency) {
        this(records, recordsPerSec, mbPerSec, latency, null);
    }

    public static Measurement throughput(long records, double recordsPerSec, double mbPerSec) {
        return new Measurement(records, recordsPerSec, mbPerSec, null);
    }
}

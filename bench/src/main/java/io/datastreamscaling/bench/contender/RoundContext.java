package io.datastreamscaling.bench.contender;

import java.nio.file.Path;

/**
 * Everything a contender needs for one round, prepared by the harness so that every contender of a
 * workload gets the same broker, topic layout, record count and payload.
 *
 * @param bootstrapServers the broker of this run
 * @param topic            PRODUCE and END_TO_END: a fresh empty topic for this round alone;
 *                         CONSUME and STREAMS: a shared pre-filled topic (use {@link #groupId()} so each round reads it all);
 *                         SINK: the round's fresh database (see {@code SinkRounds})
 * @param records          how many records to send, read or time
 * @param round            0 for the discarded warm-up, then 1, 2, …
 * @param payloadFile      pre-encoded orders, one JSON per line (the same orders the pre-filled topic holds)
 * @param recordSize       the average encoded order size in bytes
 * @param workDir          a directory for this run's scratch files
 */
public record RoundContext(String bootstrapServers, String topic, long records, int round,
                           Path payloadFile, int recordSize, Path workDir) {
    public boolean warmUp() {
        return round == 0;
    }

    /** A consumer group no other round or contender uses, so every round reads the topic from the start. */
    public String groupId(String contender) {
        return "bench-" + contender + "-" + topic + "-round-" + round;
    }
}

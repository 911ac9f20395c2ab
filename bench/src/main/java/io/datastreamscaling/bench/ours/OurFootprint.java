package io.datastreamscaling.bench.ours;

import io.datastreamscaling.bench.contender.RoundContext;
import io.datastreamscaling.bench.footprint.Footprint;
import io.datastreamscaling.bench.footprint.FootprintProbe;
import io.datastreamscaling.bench.process.ChildProcess;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * Our producer at a fixed rate feeding our consumer, measured as {@code ProducerPerformance} is:
 * <ul>
 *   <li>producer: launch → its "first order acknowledged" line;</li>
 *   <li>consumer: launched once the producer has acknowledged its first order (so orders are
 *       waiting), launch → the first offset its group commits (it commits right after processing
 *       a batch), which includes the group join;</li>
 *   <li>each one's RSS once it has run {@code rssAfter} since its own launch.</li>
 * </ul>
 */
public final class OurFootprint {
    private final OurServices services;

    public OurFootprint(OurServices services) {
        this.services = services;
    }

    public List<Footprint> measure(RoundContext round, int ratePerSec, Duration rssAfter) throws Exception {
        String group = round.groupId("ours-footprint");
        try (GroupOffsets offsets = new GroupOffsets(round.bootstrapServers());
             ChildProcess producer = services.producer(round.bootstrapServers(), round.topic(), Integer.toString(ratePerSec), 0).start()) {
            Optional<Duration> firstAcknowledged = producer.awaitLine(ServiceLines.FIRST_ACKNOWLEDGED, rssAfter);
            try (ChildProcess consumer = services.consumer(round.bootstrapServers(), round.topic(), group).start()) {
                Optional<Duration> firstConsumed = firstCommit(offsets, group, round.topic(), consumer, rssAfter);
                Footprint ofProducer = FootprintProbe.measure("ours: producer", ratePerSec, producer, firstAcknowledged, rssAfter);
                Footprint ofConsumer = FootprintProbe.measure("ours: consumer", ratePerSec, consumer, firstConsumed, rssAfter);
                return List.of(ofProducer, ofConsumer);
            }
        }
    }

    /** Launch → first committed offset; empty (reported as -1) if none came before the RSS reading. */
    private static Optional<Duration> firstCommit(GroupOffsets offsets, String group, String topic, ChildProcess consumer,
                                                  Duration rssAfter) throws Exception {
        try {
            long at = offsets.awaitCommitted(group, topic, 1, consumer::isAlive, rssAfter.minus(consumer.sinceLaunch()));
            return Optional.of(Duration.ofNanos(at - consumer.launchedNanos()));
        } catch (IllegalStateException e) {
            return Optional.empty();
        }
    }
}

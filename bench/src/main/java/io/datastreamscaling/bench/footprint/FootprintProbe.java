package io.datastreamscaling.bench.footprint;

import io.datastreamscaling.bench.process.ChildProcess;
import io.datastreamscaling.bench.process.ProcessRss;
import java.time.Duration;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.function.Predicate;

/**
 * Measures a running child the same way whatever it is: the time from launch to its first line that
 * reports a record (acknowledged or consumed), then its RSS once it has run for a fixed time.
 */
public final class FootprintProbe {
    private static final double MIB = 1024.0 * 1024.0;
    private static final Duration FIRST_RECORD_TIMEOUT = Duration.ofMinutes(2);

    private FootprintProbe() {
    }

    /**
     * @param firstRecordLine recognises the child's first "record done" line
     * @param rssAfter        when to read RSS, counted from launch (or right after the first record, if that came
     *                        later); the child must still be running then
     */
    public static Footprint measure(String name, int ratePerSec, ChildProcess child,
                                    Predicate<String> firstRecordLine, Duration rssAfter) throws InterruptedException {
        // On a starved machine the first record can come after rssAfter: RSS is then read right after it.
        Duration firstRecordTimeout = rssAfter.compareTo(FIRST_RECORD_TIMEOUT) > 0 ? rssAfter : FIRST_RECORD_TIMEOUT;
        return measure(name, ratePerSec, child, child.awaitLine(firstRecordLine, firstRecordTimeout), rssAfter);
    }

    /** As above, with the launch → first record time found some other way (empty: never seen). */
    public static Footprint measure(String name, int ratePerSec, ChildProcess child, Optional<Duration> firstRecord,
                                    Duration rssAfter) throws InterruptedException {
        long firstMs = firstRecord.map(Duration::toMillis).orElse(-1L);
        if (child.exitsWithin(rssAfter.minus(child.sinceLaunch()))) {
            throw new IllegalStateException(name + " exited before its RSS could be read at " + rssAfter
                    + "\nlast stderr lines:\n" + child.stderrTail());
        }
        OptionalLong rss = ProcessRss.bytes(child.pid());
        return new Footprint(name, ratePerSec, firstMs, (int) rssAfter.toSeconds(),
                rss.isPresent() ? rss.getAsLong() / MIB : -1);
    }
}

package io.datastreamscaling.streams.topology;

import io.micrometer.core.instrument.Counter;

/** The counters the topology increments; the service's meter registry implements them. */
public interface TopologyMeters {
    /** Valid orders enriched. */
    Counter processed();

    /** Final revenue windows written to {@code revenue.per-user.1m}. */
    Counter windowsEmitted();

    /** Orders left out of their revenue window because they arrived after its grace period. */
    Counter lateRecords();
}

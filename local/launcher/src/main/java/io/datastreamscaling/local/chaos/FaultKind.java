package io.datastreamscaling.local.chaos;

import java.time.Duration;

/**
 * The faults {@code --chaos} does, each with how long the service stays down (until its restart) or the
 * database unreachable (until the proxy lets connections through again).
 */
public enum FaultKind {
    /** SIGKILL of a consumer instance, mid-batch: no final commit, no LeaveGroup; restarted after a pause. */
    CONSUMER_KILL("consumer SIGKILL", Duration.ofSeconds(2), Duration.ofSeconds(5)),
    /** Every connection between the consumers and PostgreSQL cut, new ones refused, for a few seconds. */
    DATABASE_CUT("database cut", Duration.ofSeconds(3), Duration.ofSeconds(8)),
    /** SIGKILL of the streams app: its state stores come back from their changelogs; restarted after a pause. */
    STREAMS_KILL("streams SIGKILL", Duration.ofSeconds(2), Duration.ofSeconds(5));

    private final String label;
    private final Duration shortest;
    private final Duration longest;

    FaultKind(String label, Duration shortest, Duration longest) {
        this.label = label;
        this.shortest = shortest;
        this.longest = longest;
    }

    public String label() {
        return label;
    }

    Duration shortest() {
        return shortest;
    }

    Duration longest() {
        return longest;
    }
}

package io.datastreamscaling.local.live;

import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;

/**
 * What happened to the run, for the page's event list: start, scale events, kills, outages,
 * recoveries. The newest {@value #KEPT} are kept; each has a sequence number so the page shows a
 * change of the list, not only a count.
 */
public final class LiveEvents {
    static final int KEPT = 200;

    /** {@code kind} is one word the page colours by: start, scale, chaos (the plan), kill, outage, recovery, problem, verdict. */
    public record Event(long sequence, Instant at, String kind, String text) {
    }

    private final Deque<Event> events = new ArrayDeque<>();
    private long sequence;

    public synchronized void record(String kind, String text) {
        events.addLast(new Event(++sequence, Instant.now(), kind, text));
        while (events.size() > KEPT) {
            events.removeFirst();
        }
    }

    /** Oldest first. */
    public synchronized List<Event> snapshot() {
        return List.copyOf(events);
    }
}

package io.datastreamscaling.consumer.sink;

import java.util.Map;

/**
 * Orders the sink can never write (a value the column cannot hold, a constraint it breaks): retrying
 * would fail forever, so they go to the dead-letter topic like undecodable records. Nothing of the
 * batch was written; the loop writes it again without these.
 */
public final class RejectedOrdersException extends Exception {
    private final transient Map<ConsumedOrder, Exception> rejected;

    public RejectedOrdersException(Map<ConsumedOrder, Exception> rejected) {
        super(rejected.size() + " orders rejected by the sink");
        this.rejected = Map.copyOf(rejected);
    }

    /** Each refused order with the error that refused it. */
    public Map<ConsumedOrder, Exception> rejected() {
        return rejected;
    }
}

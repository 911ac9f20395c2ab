package io.datastreamscaling.streams.topology;

/**
 * An input record whose output the broker refused earlier (see {@link RefusedInputs}); thrown by the
 * topology's gate so the processing exception handler dead-letters the record.
 */
public final class RefusedOutputException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public RefusedOutputException(String message) {
        super(message);
    }
}

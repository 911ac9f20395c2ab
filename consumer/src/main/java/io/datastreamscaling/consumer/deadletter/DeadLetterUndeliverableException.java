package io.datastreamscaling.consumer.deadletter;

/**
 * A poison record the dead-letter topic will never take, however often it is retried (too large for
 * the topic, refused for good). The loop must stop rather than skip it (it would be lost) or retry it
 * (the same failure, forever): it stops with this message, counted and logged, and commits nothing
 * past the record.
 */
public final class DeadLetterUndeliverableException extends Exception {
    public DeadLetterUndeliverableException(String message, Throwable cause) {
        super(message, cause);
    }
}

package io.datastreamscaling.consumer.deadletter;

/** The dead-letter topic did not acknowledge in time: the batch is retried, its offsets stay put. */
public final class DeadLetterUnavailableException extends Exception {
    public DeadLetterUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}

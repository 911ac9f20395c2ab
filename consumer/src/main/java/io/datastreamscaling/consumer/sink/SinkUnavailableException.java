package io.datastreamscaling.consumer.sink;

/** The sink cannot write now (database down, connection lost, serialization conflict): retry later. */
public final class SinkUnavailableException extends Exception {
    public SinkUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}

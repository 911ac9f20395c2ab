package io.datastreamscaling.shared.lifecycle;

/** A started service. {@link #close()} stops intake, flushes or commits, and closes its clients. */
public interface RunningService extends AutoCloseable {
    /** Blocks until the service has stopped (closed, or failed fatally); returns the exit code. */
    int awaitTermination();

    /** Idempotent, and safe to call from a shutdown hook. */
    @Override
    void close();
}

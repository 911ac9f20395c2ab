package io.datastreamscaling.producer.send;

import org.apache.kafka.common.errors.AuthenticationException;
import org.apache.kafka.common.errors.AuthorizationException;
import org.apache.kafka.common.errors.InvalidPidMappingException;
import org.apache.kafka.common.errors.ProducerFencedException;
import org.apache.kafka.common.errors.UnsupportedVersionException;

/**
 * Which send errors end the service ({@link #isFatal}). The other kinds are handled where they
 * occur: retriable errors (broker down, leader moving) are retried by the client until
 * {@code delivery.timeout.ms} and then counted as one failed order; a broken idempotence sequence
 * ({@code OutOfOrderSequenceException}, {@code UnknownProducerIdException}) fails that batch's
 * orders and the client bumps its epoch for that partition by itself; a bad record cannot reach
 * Kafka because {@code Order} is validated before it is built.
 */
public final class FatalProducerErrors {
    private FatalProducerErrors() {
    }

    /**
     * True for errors that every later send would hit too: retrying would spin, so the service stops
     * and lets its supervisor (Kubernetes, Compose, a person) fix the cause. Looked for along the
     * cause chain: once the client is in its fatal state, {@code send()} throws an exception that
     * wraps the error that put it there.
     */
    public static boolean isFatal(Throwable error) {
        for (Throwable e = error; e != null; e = e.getCause() == e ? null : e.getCause()) {
            if (isFatalItself(e)) {
                return true;
            }
        }
        return false;
    }

    private static boolean isFatalItself(Throwable error) {
        return error instanceof ProducerFencedException          // another producer took over our identity
                || error instanceof AuthorizationException       // ACLs deny us the topic or the cluster
                || error instanceof AuthenticationException      // wrong credentials or TLS set-up
                || error instanceof UnsupportedVersionException  // the broker is too old for idempotence
                || error instanceof InvalidPidMappingException;  // kafka-clients puts the producer in its fatal state: every later send fails
    }

    /**
     * Told of each fatal error (every record in flight may report the same one); it must not block,
     * as it may run on the producer's I/O thread.
     */
    @FunctionalInterface
    public interface Listener {
        void onFatalError(Throwable error);
    }
}

package io.datastreamscaling.producer.send;

import org.apache.kafka.common.errors.AuthenticationException;
import org.apache.kafka.common.errors.AuthorizationException;
import org.apache.kafka.common.errors.InvalidPidMappingException;
import org.apache.kafka.common.errors.InvalidProducerEpochException;
import org.apache.kafka.common.errors.OutOfOrderSequenceException;
import org.apache.kafka.common.errors.ProducerFencedException;
import org.apache.kafka.common.errors.UnknownProducerIdException;
import org.apache.kafka.common.errors.UnsupportedVersionException;

/**
 * Which send errors end the service ({@link #isFatal}) and which end only the producer instance
 * ({@link #breaksProducer}: it is replaced by a new one). The other two kinds are handled where they
 * occur: retriable errors (broker down, leader moving) are retried by the client until
 * {@code delivery.timeout.ms} and then counted as one failed order; a bad record cannot reach Kafka
 * because {@code Order} is validated before it is built.
 */
public final class FatalProducerErrors {
    private FatalProducerErrors() {
    }

    /**
     * True for errors that every later send would hit too: retrying would spin, so the service stops
     * and lets its supervisor (Kubernetes, Compose, a person) fix the cause.
     */
    public static boolean isFatal(Throwable error) {
        return error instanceof ProducerFencedException          // another producer took over our identity
                || error instanceof AuthorizationException       // ACLs deny us the topic or the cluster
                || error instanceof AuthenticationException      // wrong credentials or TLS set-up
                || error instanceof UnsupportedVersionException; // the broker is too old for idempotence
    }

    /**
     * True for errors after which this producer instance cannot go on but a new one can: its
     * idempotence state (producer id, epoch, sequence numbers) no longer matches the broker's, e.g.
     * after the broker lost that state. Closing it and creating a new producer (a new producer id)
     * recovers without a restart. Looked for along the cause chain: {@code send()} wraps the error
     * that put the producer in its error state.
     */
    public static boolean breaksProducer(Throwable error) {
        for (Throwable e = error; e != null; e = e.getCause() == e ? null : e.getCause()) {
            if (e instanceof OutOfOrderSequenceException        // the broker lost idempotence state: sequences no longer line up
                    || e instanceof InvalidProducerEpochException
                    || e instanceof UnknownProducerIdException
                    || e instanceof InvalidPidMappingException) {
                return true;
            }
        }
        return false;
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

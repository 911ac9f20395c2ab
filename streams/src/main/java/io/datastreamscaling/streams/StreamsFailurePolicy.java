package io.datastreamscaling.streams;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.function.Predicate;
import org.apache.kafka.common.errors.AuthenticationException;
import org.apache.kafka.common.errors.AuthorizationException;
import org.apache.kafka.common.errors.UnsupportedVersionException;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What to do when a stream thread dies of an exception no handler took.
 *
 * <ul>
 *   <li>Fatal for this client (authentication, authorization, a broker too old, bad configuration):
 *       {@code SHUTDOWN_CLIENT}. Retrying cannot help; the process exits non-zero and the operator (or
 *       Kubernetes, through the liveness probe) sees why.</li>
 *   <li>Anything else is presumed transient (a broker restart, a timeout): {@code REPLACE_THREAD}. Under
 *       exactly-once the dead thread's open transaction is aborted and the new thread resumes from the
 *       last commit, so a retry neither loses nor duplicates output.</li>
 *   <li>But a deterministic failure (a bug on one record) would kill every replacement thread on the
 *       same record: after {@link #MAX_REPLACEMENTS} replacements within {@link #REPLACEMENT_WINDOW},
 *       give up with {@code SHUTDOWN_CLIENT} instead of spinning.</li>
 *   <li>Except a failure that is a refused output record already traced to its input
 *       ({@code RefusedOutputs}): the replacement dead-letters that input instead of failing on it, so
 *       it is the cure, not a retry, and does not count against the limit.</li>
 * </ul>
 * {@code SHUTDOWN_APPLICATION} is never used: one instance's problem must not stop its healthy peers.
 */
final class StreamsFailurePolicy implements StreamsUncaughtExceptionHandler {
    static final int MAX_REPLACEMENTS = 3;
    static final Duration REPLACEMENT_WINDOW = Duration.ofMinutes(10);
    private static final Logger log = LoggerFactory.getLogger(StreamsFailurePolicy.class);

    private final Clock clock;
    private final Predicate<Throwable> refusedOutput;
    private final Deque<Instant> recentReplacements = new ArrayDeque<>();

    /** @param refusedOutput whether a failure is a refused output whose input will be dead-lettered */
    StreamsFailurePolicy(Clock clock, Predicate<Throwable> refusedOutput) {
        this.clock = clock;
        this.refusedOutput = refusedOutput;
    }

    @Override
    public synchronized StreamThreadExceptionResponse handle(Throwable exception) {
        if (isFatal(exception)) {
            log.error("stream thread failed fatally, stopping this instance", exception);
            return StreamThreadExceptionResponse.SHUTDOWN_CLIENT;
        }
        if (refusedOutput.test(exception)) {
            log.warn("stream thread failed on an output record the broker refused; replacing it, the input record "
                    + "goes to the dead-letter topic when read again: {}", exception.toString());
            return StreamThreadExceptionResponse.REPLACE_THREAD;
        }
        Instant now = clock.instant();
        while (!recentReplacements.isEmpty() && recentReplacements.peekFirst().isBefore(now.minus(REPLACEMENT_WINDOW))) {
            recentReplacements.removeFirst();
        }
        if (recentReplacements.size() >= MAX_REPLACEMENTS) {
            log.error("stream thread failed {} times within {}, stopping this instance", MAX_REPLACEMENTS + 1,
                    REPLACEMENT_WINDOW, exception);
            return StreamThreadExceptionResponse.SHUTDOWN_CLIENT;
        }
        recentReplacements.addLast(now);
        log.warn("stream thread failed, replacing it ({} of {} within {})", recentReplacements.size(), MAX_REPLACEMENTS,
                REPLACEMENT_WINDOW, exception);
        return StreamThreadExceptionResponse.REPLACE_THREAD;
    }

    static boolean isFatal(Throwable exception) {
        int depth = 0;
        for (Throwable t = exception; t != null && depth++ < 16; t = t.getCause()) {
            if (t instanceof AuthenticationException || t instanceof AuthorizationException
                    || t instanceof UnsupportedVersionException || t instanceof ConfigException) {
                return true;
            }
        }
        return false;
    }
}

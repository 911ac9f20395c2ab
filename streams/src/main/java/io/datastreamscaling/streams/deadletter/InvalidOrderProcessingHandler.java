package io.datastreamscaling.streams.deadletter;

import io.datastreamscaling.shared.order.InvalidOrderException;
import io.datastreamscaling.streams.topology.RefusedOutputException;
import java.util.List;
import java.util.Map;
import org.apache.kafka.streams.errors.ErrorHandlerContext;
import org.apache.kafka.streams.errors.ProcessingExceptionHandler;
import org.apache.kafka.streams.processor.api.Record;

/**
 * An order that decodes but that the topology rejects (a tombstone, a key that is not its userId,
 * which would put it in another user's window, an unusable {@code createdAt}) goes to
 * {@code orders.dlq} with its original bytes; so does a record whose output the broker refused
 * earlier ({@link RefusedOutputHandler}).
 *
 * <p>Any other exception is not bad data but a bug or an outage: dead-lettering it would drain the
 * whole topic into the DLQ while it lasts. It fails the stream thread instead, and the uncaught
 * exception policy ({@code StreamsFailurePolicy}) decides whether to retry.
 */
public final class InvalidOrderProcessingHandler implements ProcessingExceptionHandler {
    static final String REASON = "invalid";

    private DeadLetters deadLetters;

    @Override
    public void configure(Map<String, ?> configs) {
        deadLetters = DeadLetters.from(configs);
    }

    @Override
    public Response handleError(ErrorHandlerContext context, Record<?, ?> record, Exception exception) {
        String reason;
        if (exception instanceof InvalidOrderException) {
            reason = REASON;
        } else if (exception instanceof RefusedOutputException) {
            reason = DeadLetters.REFUSED;
        } else {
            return Response.fail();
        }
        if (context.topic() == null) {
            return Response.fail();
        }
        DeadLetters.Source source = new DeadLetters.Source(context.topic(), context.partition(), context.offset(),
                context.timestamp(), context.sourceRawKey(), context.sourceRawValue(), context.headers());
        return Response.resume(List.of(deadLetters.record(reason, source, exception)));
    }
}

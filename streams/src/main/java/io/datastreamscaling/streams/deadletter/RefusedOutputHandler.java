package io.datastreamscaling.streams.deadletter;

import io.datastreamscaling.streams.topology.SourceLineage;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.InvalidRecordException;
import org.apache.kafka.common.errors.InvalidTimestampException;
import org.apache.kafka.common.errors.RecordBatchTooLargeException;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.common.errors.RetriableException;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.errors.ErrorHandlerContext;
import org.apache.kafka.streams.errors.ProductionExceptionHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An output record the broker (or the producer's own size check) refuses for what it is, not for a
 * passing reason: a timestamp outside the topic's {@code message.timestamp.before/after.max.ms}, a
 * record too large, a record the topic's rules reject. Retrying would fail the same way forever.
 *
 * <p>Under exactly-once any failed send has already doomed the transaction (the producer moved to an
 * abortable error state): nothing of it commits, so "log and continue" cannot skip the record, nor can
 * a dead letter sent in the same transaction get out. Instead: the input record named by the refused
 * output's {@link SourceLineage} header is recorded in {@link RefusedOutputs}; the stream thread fails
 * at its next send or commit; the failure policy recognises the refusal and replaces the thread; the
 * task restarts from its last commit and the topology's gate sends the input record to
 * {@code orders.dlq} (reason {@value DeadLetters#REFUSED}) in the new transaction.
 *
 * <p>Why {@code resume} and not {@code fail} under exactly-once: the broker refuses a whole batch, so
 * the refused record's batch-mates fail too (a plain {@code KafkaException}), and so do the order's
 * other outputs (a changelog record, which carries no lineage). Kafka Streams calls this handler only
 * until one call answers {@code fail}; answering {@code resume} lets every failed record reach it, so
 * the one that names its input is seen whatever the callbacks' order. Resuming loses nothing: the
 * doomed transaction aborts anyway. Under at-least-once (an override) a resumed record would be lost,
 * so there it answers {@code fail}.
 *
 * <p>A passing error (a timeout) is retried, as Kafka Streams' default handler does.
 */
public final class RefusedOutputHandler implements ProductionExceptionHandler {
    private static final Logger log = LoggerFactory.getLogger(RefusedOutputHandler.class);

    private DeadLetters deadLetters;
    private boolean exactlyOnce;

    @Override
    public void configure(Map<String, ?> configs) {
        deadLetters = DeadLetters.from(configs);
        exactlyOnce = StreamsConfig.EXACTLY_ONCE_V2.equals(String.valueOf(configs.get(StreamsConfig.PROCESSING_GUARANTEE_CONFIG)));
    }

    @Override
    public Response handleError(ErrorHandlerContext context, ProducerRecord<byte[], byte[]> record, Exception exception) {
        if (exception instanceof RetriableException) {
            return Response.retry();
        }
        Optional<SourceLineage> input = SourceLineage.of(record.headers());
        if (isRefusalOfTheRecord(exception) && input.isPresent() && !record.topic().equals(deadLetters.topic())) {
            deadLetters.refused().add(input.get());
            log.warn("{} refused an output record of {}-{}@{} ({}); the input record goes to {} when read again",
                    record.topic(), input.get().topic(), input.get().partition(), input.get().offset(),
                    exception.toString(), deadLetters.topic());
        }
        return exactlyOnce ? Response.resume() : Response.fail();
    }

    static boolean isRefusalOfTheRecord(Exception exception) {
        return exception instanceof InvalidTimestampException
                || exception instanceof RecordTooLargeException
                || exception instanceof RecordBatchTooLargeException
                || exception instanceof InvalidRecordException;
    }
}

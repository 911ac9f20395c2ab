package io.datastreamscaling.streams.deadletter;

import io.datastreamscaling.shared.order.OrderDecodingException;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.streams.errors.DeserializationExceptionHandler;
import org.apache.kafka.streams.errors.ErrorHandlerContext;

/**
 * A record on {@code orders} that is not a valid order (not JSON, or breaking the schema) goes to
 * {@code orders.dlq} and processing goes on: one bad record must not stop the partition. Anything
 * else (a failure that is not about the bytes) stops processing, so it cannot be mistaken for bad data.
 */
public final class OrderDeserializationHandler implements DeserializationExceptionHandler {
    private DeadLetters deadLetters;

    @Override
    public void configure(Map<String, ?> configs) {
        deadLetters = DeadLetters.from(configs);
    }

    @Override
    public Response handleError(ErrorHandlerContext context, ConsumerRecord<byte[], byte[]> record, Exception exception) {
        if (!(exception instanceof OrderDecodingException decoding)) {
            return Response.fail();
        }
        DeadLetters.Source source = new DeadLetters.Source(record.topic(), record.partition(), record.offset(),
                record.timestamp(), record.key(), record.value(), record.headers());
        return Response.resume(List.of(deadLetters.record(decoding.reason(), source, exception)));
    }
}

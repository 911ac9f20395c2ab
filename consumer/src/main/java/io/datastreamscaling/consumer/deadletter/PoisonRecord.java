package io.datastreamscaling.consumer.deadletter;

import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * A record that cannot become a stored order, with why.
 *
 * @param reason the {@code reason} tag of {@code dlq_records_total}: {@code undecodable},
 *               {@code invalid} or {@code rejected_by_sink}
 */
public record PoisonRecord(ConsumerRecord<byte[], byte[]> record, Exception error, String reason) {
    public static final String REJECTED_BY_SINK = "rejected_by_sink";
}

package io.datastreamscaling.shared.kafka;

/**
 * Header names on {@code orders.dlq} records, shared by the consumer and the streams app so a replay
 * tool reads both alike. Values are UTF-8 strings.
 */
public final class DeadLetterHeaders {
    public static final String SOURCE_TOPIC = "dlq.source.topic";
    public static final String SOURCE_PARTITION = "dlq.source.partition";
    public static final String SOURCE_OFFSET = "dlq.source.offset";
    public static final String SOURCE_TIMESTAMP = "dlq.source.timestamp";
    public static final String ERROR_CLASS = "dlq.error.class";
    public static final String ERROR_MESSAGE = "dlq.error.message";
    public static final String CONSUMER_GROUP = "dlq.consumer.group";

    private DeadLetterHeaders() {
    }
}

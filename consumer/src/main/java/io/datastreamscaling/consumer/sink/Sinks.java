package io.datastreamscaling.consumer.sink;

import io.datastreamscaling.consumer.ConsumerSettings;
import io.datastreamscaling.consumer.sink.log.LogSink;
import io.datastreamscaling.consumer.sink.postgres.PostgresOrderSink;
import io.datastreamscaling.shared.config.InvalidSettingException;

/** Builds the sink {@code SINK} names. */
public final class Sinks {
    private Sinks() {
    }

    public static OrderSink create(ConsumerSettings settings) {
        if (settings.sink().equals(ConsumerSettings.SINK_LOG)) {
            return new LogSink();
        }
        if (settings.sink().equals(ConsumerSettings.SINK_POSTGRES)) {
            return PostgresOrderSink.start(settings.database().orElseThrow(), settings.groupId(), settings.exactlyOnce());
        }
        throw new InvalidSettingException(ConsumerSettings.SINK, "'" + settings.sink() + "' is not a sink");
    }
}

package io.datastreamscaling.consumer.sink;

import io.datastreamscaling.consumer.ConsumerSettings;
import io.datastreamscaling.consumer.sink.log.LogSink;
import io.datastreamscaling.shared.config.InvalidSettingException;
import io.micrometer.core.instrument.MeterRegistry;

/** Builds the sink {@code SINK} names. */
public final class Sinks {
    private Sinks() {
    }

    public static OrderSink create(ConsumerSettings settings, MeterRegistry registry) {
        if (settings.sink().equals(ConsumerSettings.SINK_LOG)) {
            return new LogSink();
        }
        throw new InvalidSettingException(ConsumerSettings.SINK, "'" + settings.sink() + "' is not available yet");
    }
}

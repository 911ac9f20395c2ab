package io.datastreamscaling.local.platform;

import io.datastreamscaling.shared.config.KafkaSettings;
import java.util.Arrays;

/** What the services accept beyond their own {@code <Service>Settings.VARIABLES}. */
final class ServiceSources {
    private ServiceSources() {
    }

    /** True when {@code variable} is a Kafka client pass-through ({@code KAFKA_CONSUMER_MAX_POLL_RECORDS}). */
    static boolean isPassThrough(String variable) {
        return Arrays.stream(KafkaSettings.Client.values())
                .anyMatch(c -> variable.startsWith(c.prefix()) && variable.length() > c.prefix().length());
    }
}

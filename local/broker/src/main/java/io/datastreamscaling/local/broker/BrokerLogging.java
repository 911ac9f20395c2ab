package io.datastreamscaling.local.broker;

/**
 * The broker logs a great deal at INFO through SLF4J (and through the Log4j 2 API, routed to SLF4J by
 * {@code log4j-to-slf4j}). Unless the user configured slf4j-simple, keep the broker to warnings so the
 * services' own lines stay readable.
 */
public final class BrokerLogging {
    private BrokerLogging() {
    }

    public static void quietUnlessConfigured() {
        setIfAbsent("org.slf4j.simpleLogger.log.kafka", "warn");
        setIfAbsent("org.slf4j.simpleLogger.log.org.apache.kafka", "warn");
        setIfAbsent("org.slf4j.simpleLogger.log.state.change.logger", "warn");
        setIfAbsent("org.slf4j.simpleLogger.showDateTime", "true");
        setIfAbsent("org.slf4j.simpleLogger.dateTimeFormat", "HH:mm:ss.SSS");
    }

    private static void setIfAbsent(String key, String value) {
        if (System.getProperty(key) == null) {
            System.setProperty(key, value);
        }
    }
}

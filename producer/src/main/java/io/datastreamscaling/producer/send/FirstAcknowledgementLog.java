package io.datastreamscaling.producer.send;

import io.datastreamscaling.shared.order.Order;
import java.lang.management.ManagementFactory;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Start-up as users feel it (and benchmarks read it): one line when the first order is
 * acknowledged, "first order acknowledged, N ms after JVM start".
 */
public final class FirstAcknowledgementLog implements AcknowledgementListener {
    private static final Logger log = LoggerFactory.getLogger(FirstAcknowledgementLog.class);

    private volatile boolean logged;

    @Override
    public void acknowledged(Order order, RecordMetadata metadata) {
        if (!logged) {
            logged = true; // only the producer's one I/O thread calls this: no race to log twice
            log.info("first order acknowledged, {} ms after JVM start", ManagementFactory.getRuntimeMXBean().getUptime());
        }
    }
}

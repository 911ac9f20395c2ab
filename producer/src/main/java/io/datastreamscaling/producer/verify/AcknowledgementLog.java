package io.datastreamscaling.producer.verify;

import io.datastreamscaling.producer.send.AcknowledgementListener;
import io.datastreamscaling.shared.order.Order;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The producer's side of the delivery verifier ({@code PRODUCER_VERIFY_FILE}): one JSON line per
 * acknowledged order, {@code {"orderId","userId","partition","offset","timestamp"}}, like the
 * {@code producer_send_success} events of Kafka's {@code VerifiableProducer}. The {@code verify} tool
 * compares this file with what a sink holds.
 *
 * <p>Written from the send callback, which runs on the producer's one I/O thread, so the lock is
 * uncontended; the large buffer turns ~500 lines into one {@code write} call. Only acknowledged orders
 * are written: a line here is exactly a promise made to a client.
 */
public final class AcknowledgementLog implements AcknowledgementListener, AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(AcknowledgementLog.class);
    private static final int BUFFER_CHARS = 64 * 1024;

    private final Path file;
    private final Writer out;
    private final StringBuilder line = new StringBuilder(160);
    private boolean failed;

    private AcknowledgementLog(Path file, Writer out) {
        this.file = file;
        this.out = out;
    }

    /** Creates (or empties) the file: a run's acknowledgements start from nothing. */
    public static AcknowledgementLog create(Path file) {
        try {
            Path parent = file.toAbsolutePath().getParent();
            if (parent != null) {
                Files.createDirectories(parent);
            }
            Writer writer = Files.newBufferedWriter(file, StandardCharsets.UTF_8, StandardOpenOption.CREATE,
                    StandardOpenOption.TRUNCATE_EXISTING, StandardOpenOption.WRITE);
            return new AcknowledgementLog(file, new BufferedWriter(writer, BUFFER_CHARS));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the verification file " + file, e);
        }
    }

    @Override
    public synchronized void acknowledged(Order order, RecordMetadata metadata) {
        if (failed) {
            return;
        }
        line.setLength(0);
        line.append("{\"orderId\":\"").append(order.orderId()).append("\",\"userId\":");
        appendJsonString(line, order.userId());
        line.append(",\"partition\":").append(metadata.partition())
                .append(",\"offset\":").append(metadata.offset())
                .append(",\"timestamp\":").append(metadata.timestamp()).append("}\n");
        try {
            out.append(line);
        } catch (IOException e) {
            // The verifier will then report these orders missing: loud, and the producer keeps working.
            failed = true;
            log.error("verification file {} cannot be written any more: {}", file, e.toString());
        }
    }

    /** Flushes what is buffered; call once the producer is closed so no callback comes after. */
    @Override
    public synchronized void close() {
        try {
            out.close();
        } catch (IOException e) {
            log.error("verification file {} not flushed: {}", file, e.toString());
        }
    }

    static void appendJsonString(StringBuilder to, String text) {
        to.append('"');
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '"' -> to.append("\\\"");
                case '\\' -> to.append("\\\\");
                default -> {
                    if (c < 0x20) {
                        to.append(String.format("\\u%04x", (int) c));
                    } else {
                        to.append(c);
                    }
                }
            }
        }
        to.append('"');
    }
}

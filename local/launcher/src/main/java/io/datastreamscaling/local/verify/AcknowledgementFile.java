package io.datastreamscaling.local.verify;

import com.fasterxml.jackson.databind.JsonNode;
import io.datastreamscaling.shared.order.OrderJson;
import io.datastreamscaling.shared.verify.DeliveryComparison.Acknowledged;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads the producer's verification file ({@code PRODUCER_VERIFY_FILE}): one JSON line per
 * acknowledged order, {@code {"orderId","userId","partition","offset","timestamp"}}.
 */
final class AcknowledgementFile {
    private AcknowledgementFile() {
    }

    /**
     * The acknowledgements in file order. The line number is the send order: a user's orders share
     * one partition, whose acknowledgements the producer receives in offset order.
     */
    static List<Acknowledged> read(Path file) throws IOException {
        List<Acknowledged> acknowledged = new ArrayList<>();
        try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            long lineNumber = 0;
            for (String line; (line = in.readLine()) != null; ) {
                lineNumber++;
                if (line.isBlank()) {
                    continue;
                }
                JsonNode ack = OrderJson.mapper().readTree(line);
                if (ack == null || !ack.hasNonNull("orderId") || !ack.hasNonNull("userId")) {
                    throw new IOException(file + " line " + lineNumber + " is not an acknowledgement: " + line);
                }
                acknowledged.add(new Acknowledged(ack.get("orderId").asText(), ack.get("userId").asText(), lineNumber));
            }
        }
        return acknowledged;
    }
}

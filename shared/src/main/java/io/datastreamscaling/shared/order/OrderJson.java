package io.datastreamscaling.shared.order;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import java.io.IOException;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * The JSON form of an {@link Order}, shared by every service so producer, consumer and streams can
 * never disagree on the wire format.
 *
 * <p>Instants are ISO-8601 strings, amounts are JSON numbers read as {@link BigDecimal} (never via
 * double), unknown fields are ignored so producers can add fields without breaking old consumers.
 * Readers and writers are built once: {@link ObjectReader}/{@link ObjectWriter} are thread-safe and
 * cheap to use, while building them per record would dominate the decode cost.
 */
public final class OrderJson {

    /** Wire shape; nullable fields so that a missing field becomes a named validation error. */
    record Wire(
            @JsonProperty("orderId") String orderId,
            @JsonProperty("userId") String userId,
            @JsonProperty("amount") BigDecimal amount,
            @JsonProperty("currency") String currency,
            @JsonProperty("createdAt") String createdAt) {
    }

    // Hostile input (deeply nested arrays, huge numbers such as 1e400 with many digits) must fail
    // fast with a clear error, not eat the heap.
    private static final ObjectMapper MAPPER = JsonMapper.builder(JsonFactory.builder()
                    .streamReadConstraints(StreamReadConstraints.builder()
                            .maxNestingDepth(32)
                            .maxNumberLength(64)
                            .maxStringLength(1_000_000)
                            .build())
                    .build())
            .addModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            // "amount":"5" is a string, not the JSON number the contract promises: refuse it rather
            // than guess (a producer that quotes amounts would also send "5,00" sooner or later).
            .disable(MapperFeature.ALLOW_COERCION_OF_SCALARS)
            // {"amount": 1, "amount": 1000} is ambiguous: reject it rather than pick one.
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .build();

    private static final Pattern JAVA_NAME_REFERENCE = Pattern.compile(",? *(from )?`[^`]*`");

    private static final ObjectReader READER = MAPPER.readerFor(Wire.class);
    private static final ObjectWriter WRITER = MAPPER.writerFor(Wire.class);

    private OrderJson() {
    }

    /** The mapper configured for orders, for modules that need JSON of their own (HTTP answers). */
    public static ObjectMapper mapper() {
        return MAPPER;
    }

    public static byte[] encode(Order order) {
        try {
            return WRITER.writeValueAsBytes(new Wire(order.orderId().toString(), order.userId(),
                    order.amount(), order.currency(), order.createdAt().toString()));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("an Order always encodes", e);
        }
    }

    /** Decodes and validates; the exception says which field is wrong. */
    public static Order decode(byte[] json) {
        if (json == null || json.length == 0) {
            throw new OrderDecodingException("empty value: an order must be a JSON object", null);
        }
        Wire wire = readWire(json);
        return fromWire(wire, null, null);
    }

    /**
     * Decodes an order submitted by a client, who may leave {@code orderId} and {@code createdAt}
     * out: the server fills them in.
     */
    public static Order decodeSubmission(byte[] json, UUID defaultOrderId, Instant defaultCreatedAt) {
        if (json == null || json.length == 0) {
            throw new OrderDecodingException("empty body: an order must be a JSON object", null);
        }
        return fromWire(readWire(json), defaultOrderId, defaultCreatedAt);
    }

    private static Wire readWire(byte[] json) {
        try {
            Wire wire = READER.readValue(json);
            if (wire == null) {
                throw new OrderDecodingException("null: an order must be a JSON object", null);
            }
            return wire;
        } catch (InvalidFormatException e) {
            String field = e.getPath().isEmpty() ? "value" : e.getPath().get(0).getFieldName();
            // Jackson's own text names Java types (`java.math.BigDecimal`): say it in JSON terms instead.
            throw new InvalidOrderException(field, "has the wrong type: expected a JSON "
                    + (e.getTargetType() != null && Number.class.isAssignableFrom(e.getTargetType()) ? "number" : "string"));
        } catch (MismatchedInputException e) {
            if (!e.getPath().isEmpty()) {
                throw new InvalidOrderException(e.getPath().get(0).getFieldName(), "has the wrong type");
            }
            throw new OrderDecodingException("not an order object: an order must be a JSON object", e);
        } catch (IOException e) {
            String detail = e instanceof JsonProcessingException jpe ? jpe.getOriginalMessage() : e.getMessage();
            throw new OrderDecodingException("malformed JSON: " + withoutJavaNames(firstLine(detail)), e);
        }
    }

    // Parser limits are reported as "(32, from `StreamReadConstraints.getMaxNestingDepth()`)": an
    // answer to a client names no Java class or method.
    private static String withoutJavaNames(String message) {
        return JAVA_NAME_REFERENCE.matcher(message).replaceAll("");
    }

    private static Order fromWire(Wire wire, UUID defaultOrderId, Instant defaultCreatedAt) {
        UUID orderId = wire.orderId() == null ? defaultOrderId : parseUuid(wire.orderId());
        Instant createdAt = wire.createdAt() == null ? defaultCreatedAt : parseInstant(wire.createdAt());
        return new Order(orderId, wire.userId(), wire.amount(), wire.currency(), createdAt);
    }

    private static UUID parseUuid(String text) {
        try {
            UUID id = UUID.fromString(text);
            if (!id.toString().equalsIgnoreCase(text)) {
                throw new IllegalArgumentException(text);
            }
            return id;
        } catch (IllegalArgumentException e) {
            throw new InvalidOrderException("orderId", "is not a UUID: " + abbreviate(text));
        }
    }

    private static Instant parseInstant(String text) {
        try {
            return Instant.parse(text);
        } catch (RuntimeException e) {
            throw new InvalidOrderException("createdAt", "is not an ISO-8601 instant: " + abbreviate(text));
        }
    }

    private static String abbreviate(String text) {
        return text.length() <= 64 ? text : text.substring(0, 64) + "…";
    }

    private static String firstLine(String message) {
        if (message == null) {
            return "";
        }
        int newline = message.indexOf('\n');
        return newline < 0 ? message : message.substring(0, newline);
    }
}

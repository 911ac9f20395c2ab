package io.datastreamscaling.shared.order;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import io.datastreamscaling.shared.order.fastpath.OrderBytesReader;
import io.datastreamscaling.shared.order.fastpath.OrderBytesWriter;
import io.datastreamscaling.shared.order.fastpath.OrderFields;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * The JSON form of an {@link Order}, shared by every service so producer, consumer and streams can
 * never disagree on the wire format. The contract it implements is docs/contract.md.
 *
 * <p>Instants are ISO-8601 strings, amounts are JSON numbers read as {@link BigDecimal} (never via
 * double), unknown fields are ignored so producers can add fields without breaking old consumers.
 *
 * <p>This class is the reference: {@link #decodeWithJackson} reads with Jackson's streaming parser
 * and {@link #encodeWithJackson} writes with its generator; what they accept, refuse and write is the
 * format. Beside them sits an optimisation, the byte-level fast path in the {@code fastpath}
 * package, which reads and writes the common shape (printable ASCII, no escapes) without a JSON
 * library and leaves everything else to the reference. {@link #decode} and {@link #encode} try it
 * first. {@code OrderCodecDifferentialTest} runs both paths on the same input and requires the same
 * order, bytes or refusal, so no input is accepted, refused or worded differently for taking it;
 * {@code OrderCodecBenchmark} (bench) measures what it buys. The mapper configured here stays the
 * one for any other JSON the services write.
 */
public final class OrderJson {

    /**
     * Wire shape; nullable fields so that a missing field becomes a named validation error. The
     * annotations let the mapper write it too: {@code OrderJsonTest} checks {@link #encode} against that.
     */
    record Wire(
            @JsonProperty("orderId") String orderId,
            @JsonProperty("userId") String userId,
            @JsonProperty("amount") BigDecimal amount,
            @JsonProperty("currency") String currency,
            @JsonProperty("createdAt") String createdAt) {
    }

    // Hostile input (deeply nested arrays, huge numbers such as 1e400 with many digits) must fail
    // fast with a clear error, not eat the heap.
    private static final StreamReadConstraints LIMITS = StreamReadConstraints.builder()
            .maxNestingDepth(32)
            .maxNumberLength(64)
            .maxStringLength(1_000_000)
            .build();

    /**
     * Built on first use of {@link #mapper()}, not with this class: building it (databind and the
     * JavaTime module) was most of the first order's encode in the producer and of the first batch's
     * decode in the consumer (JFR at start-up), and neither uses it: they stream the fields by hand.
     */
    private static final class Mapper {
        static final ObjectMapper INSTANCE = JsonMapper.builder(JsonFactory.builder().streamReadConstraints(LIMITS).build())
                .addModule(new JavaTimeModule())
                .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
                .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
                .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
                // The same strictness for the other JSON read with this mapper (the streams' serdes, the
                // tier queries) as readWire applies to orders: no quoted numbers, no repeated names.
                .disable(MapperFeature.ALLOW_COERCION_OF_SCALARS)
                .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
                .build();
    }

    private static final Pattern JAVA_NAME_REFERENCE = Pattern.compile(",? *(from )?`[^`]*`");

    /**
     * Generators and parsers for orders: the mapper's limits, without the parser's own duplicate
     * check (a set of names per object); {@link #readWire} refuses a repeated order field itself.
     */
    private static final JsonFactory ORDER_STREAMS = JsonFactory.builder().streamReadConstraints(LIMITS).build();
    /** A typical order is about 150 bytes: one buffer, no regrowth. */
    private static final int ENCODED_SIZE_HINT = 192;

    private OrderJson() {
    }

    /** The mapper configured for orders, for modules that need JSON of their own (HTTP answers). */
    public static ObjectMapper mapper() {
        return Mapper.INSTANCE;
    }

    /**
     * The order's JSON: without a generator when no string needs escaping (the producer pays this
     * once per order and the generator's setup cost more than the writing).
     */
    public static byte[] encode(Order order) {
        byte[] plain = encodeFastPath(order);
        return plain != null ? plain : encodeWithJackson(order);
    }

    /**
     * Decodes and validates a stored order (a record value): every field is required, and
     * {@code createdAt} must be inside the {@link CreatedAtWindow} of this service's clock. The
     * exception says which field is wrong.
     */
    public static Order decode(byte[] json) {
        return decode(json, Instant.now());
    }

    /**
     * {@link #decode(byte[])} with the reading service's clock read by the caller: the consumer reads
     * it once per poll batch instead of once per record (a batch spans milliseconds, far inside the
     * window's five minutes of slack, and the clock read was a visible share of its poll thread).
     */
    public static Order decode(byte[] json, Instant now) {
        if (json == null || json.length == 0) {
            throw new OrderDecodingException("empty value: an order must be a JSON object", null);
        }
        return decode(json, null, null, now);
    }

    /**
     * Decodes an order submitted by a client, who may leave {@code orderId} and {@code createdAt}
     * out: the server fills them in. A {@code createdAt} the client sends must be inside the
     * {@link CreatedAtWindow} of this service's clock.
     */
    public static Order decodeSubmission(byte[] json, UUID defaultOrderId, Instant defaultCreatedAt) {
        if (json == null || json.length == 0) {
            throw new OrderDecodingException("empty body: an order must be a JSON object", null);
        }
        return decode(json, defaultOrderId, defaultCreatedAt, Instant.now());
    }

    /**
     * Both public decoders, with the defaults for absent fields and the reading service's clock: the
     * fast path first (the consumer decodes every record, and the parser was ~40 % of that in its JFR
     * profile, its creation alone 8.6 %), the reference for whatever it leaves.
     */
    static Order decode(byte[] json, UUID defaultOrderId, Instant defaultCreatedAt, Instant now) {
        Order fast = decodeFastPath(json, defaultOrderId, defaultCreatedAt, now);
        return fast != null ? fast : decodeWithJackson(json, defaultOrderId, defaultCreatedAt, now);
    }

    // ---- the reference: Jackson's streaming generator and parser ----

    /**
     * The reference encoder. Writes the five fields straight to a streaming generator: the bytes are
     * the same as the mapper would write for {@link Wire} ({@code OrderJsonTest} compares them), at
     * about half the cost.
     */
    static byte[] encodeWithJackson(Order order) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(ENCODED_SIZE_HINT);
        try (JsonGenerator json = ORDER_STREAMS.createGenerator(bytes, JsonEncoding.UTF8)) {
            json.writeStartObject();
            json.writeStringField("orderId", order.orderId().toString());
            json.writeStringField("userId", order.userId());
            json.writeFieldName("amount");
            json.writeNumber(order.amount());
            json.writeStringField("currency", order.currency());
            json.writeStringField("createdAt", order.createdAt().toString());
            json.writeEndObject();
        } catch (IOException e) {
            throw new IllegalStateException("an Order always encodes", e);
        }
        return bytes.toByteArray();
    }

    /** The reference decoder, for any non-empty input: what it accepts and refuses is the contract. */
    static Order decodeWithJackson(byte[] json, UUID defaultOrderId, Instant defaultCreatedAt, Instant now) {
        Wire wire = readWire(json);
        return toOrder(wire.orderId() == null ? null : parseUuid(wire.orderId()), wire.userId(), wire.amount(), wire.currency(),
                wire.createdAt() == null ? null : parseInstant(wire.createdAt()), defaultOrderId, defaultCreatedAt, now);
    }

    /**
     * Both paths end here, so their refusals come in the same order: the defaults for an absent
     * orderId / createdAt, the schema's checks (the constructor), then the createdAt window.
     */
    private static Order toOrder(UUID orderId, String userId, BigDecimal amount, String currency, Instant createdAt,
            UUID defaultOrderId, Instant defaultCreatedAt, Instant now) {
        Order order = new Order(orderId == null ? defaultOrderId : orderId, userId, amount, currency,
                createdAt == null ? defaultCreatedAt : createdAt);
        CreatedAtWindow.check(order.createdAt(), now);
        return order;
    }

    /**
     * Reads the five fields with a streaming parser rather than binding {@link Wire} through the
     * mapper: the consumer decodes every record, and binding a record type through its constructor
     * cost half of the poll thread's time (profile in docs/benchmarks.md). The rules stay the
     * mapper's, and {@code OrderJsonTest} pins them: string fields take a JSON string (a number or
     * boolean as its text, as the mapper did), {@code amount} only a JSON number, {@code null} is a
     * missing field, unknown fields of any shape are skipped unread (so a name repeated inside them
     * is no longer refused: we never read it), an order field twice is refused, and nothing may
     * follow the object.
     */
    private static Wire readWire(byte[] json) {
        int invalid = StrictUtf8.firstInvalidByte(json);
        if (invalid >= 0) {
            throw new OrderDecodingException("malformed JSON: not UTF-8 at byte " + invalid, null);
        }
        try (JsonParser parser = ORDER_STREAMS.createParser(json)) {
            JsonToken first = parser.nextToken();
            if (first == JsonToken.VALUE_NULL) {
                throw new OrderDecodingException("null: an order must be a JSON object", null);
            }
            if (first != JsonToken.START_OBJECT) {
                throw new OrderDecodingException("not an order object: an order must be a JSON object", null);
            }
            String orderId = null;
            String userId = null;
            BigDecimal amount = null;
            String currency = null;
            String createdAt = null;
            int seen = 0;
            for (JsonToken token = parser.nextToken(); token == JsonToken.FIELD_NAME; token = parser.nextToken()) {
                String field = parser.currentName();
                JsonToken value = parser.nextToken();
                int bit = switch (field) {
                    case "orderId" -> 1;
                    case "userId" -> 2;
                    case "amount" -> 4;
                    case "currency" -> 8;
                    case "createdAt" -> 16;
                    default -> 0;
                };
                if (bit == 0) {
                    parser.skipChildren(); // unknown: a newer producer's field, ignored whatever its shape
                    continue;
                }
                if ((seen & bit) != 0) {
                    // {"amount": 1, "amount": 1000} is ambiguous: reject it rather than pick one.
                    throw new OrderDecodingException("malformed JSON: Duplicate field '" + field + "'", null);
                }
                seen |= bit;
                switch (bit) {
                    case 1 -> orderId = text(parser, value, field);
                    case 2 -> userId = text(parser, value, field);
                    case 4 -> amount = number(parser, value, field);
                    case 8 -> currency = text(parser, value, field);
                    default -> createdAt = text(parser, value, field);
                }
            }
            if (parser.nextToken() != null) {
                throw new OrderDecodingException("not an order object: an order must be a JSON object", null);
            }
            return new Wire(orderId, userId, amount, currency, createdAt);
        } catch (JsonProcessingException e) {
            throw new OrderDecodingException("malformed JSON: " + withoutJavaNames(firstLine(e.getOriginalMessage())), e);
        } catch (IOException e) {
            throw new OrderDecodingException("malformed JSON: " + withoutJavaNames(firstLine(e.getMessage())), e);
        }
    }

    /** A string field: a JSON string, or the text of a number or boolean; null when JSON null. */
    private static String text(JsonParser parser, JsonToken value, String field) throws IOException {
        return switch (value) {
            case VALUE_STRING, VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT, VALUE_TRUE, VALUE_FALSE -> parser.getText();
            case VALUE_NULL -> null;
            default -> throw new InvalidOrderException(field, "has the wrong type: expected a JSON string");
        };
    }

    /**
     * The amount: a JSON number read exactly (never through a double); null when JSON null. A number
     * whose exponent or scale does not fit a {@link BigDecimal} (beyond 32 bits) is valid JSON but
     * no amount: refused as invalid, where the parser would throw a NumberFormatException that no
     * caller expects.
     */
    private static BigDecimal number(JsonParser parser, JsonToken value, String field) throws IOException {
        return switch (value) {
            case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> decimal(parser, field);
            case VALUE_NULL -> null;
            // "5" is a string, not the JSON number the contract promises: refuse it rather than
            // guess (a producer that quotes amounts would also send "5,00" sooner or later).
            default -> throw new InvalidOrderException(field, "has the wrong type: expected a JSON number");
        };
    }

    private static BigDecimal decimal(JsonParser parser, String field) throws IOException {
        try {
            return parser.getDecimalValue();
        } catch (NumberFormatException e) {
            throw new InvalidOrderException(field, "is out of range: " + UnsafeCharacters.shown(parser.getText()));
        }
    }

    // Parser limits are reported as "(32, from `StreamReadConstraints.getMaxNestingDepth()`)": an
    // answer to a client names no Java class or method.
    private static String withoutJavaNames(String message) {
        return JAVA_NAME_REFERENCE.matcher(message).replaceAll("");
    }

    /**
     * Only the canonical 8-4-4-4-12 hex form (either case): {@code UUID.fromString} alone also
     * takes "1-2-3-4-5", which would give a second spelling of the same id.
     */
    private static UUID parseUuid(String text) {
        if (!isCanonicalUuid(text)) {
            throw new InvalidOrderException("orderId", "is not a UUID: " + UnsafeCharacters.shown(text));
        }
        return UUID.fromString(text);
    }

    private static boolean isCanonicalUuid(String text) {
        if (text.length() != 36) {
            return false;
        }
        for (int i = 0; i < 36; i++) {
            char c = text.charAt(i);
            boolean dashHere = i == 8 || i == 13 || i == 18 || i == 23;
            boolean ok = dashHere ? c == '-' : (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
            if (!ok) {
                return false;
            }
        }
        return true;
    }

    private static Instant parseInstant(String text) {
        try {
            return Instant.parse(text);
        } catch (RuntimeException e) {
            throw new InvalidOrderException("createdAt", "is not an ISO-8601 instant: " + UnsafeCharacters.shown(text));
        }
    }

    private static String firstLine(String message) {
        if (message == null) {
            return "";
        }
        int newline = message.indexOf('\n');
        return newline < 0 ? message : message.substring(0, newline);
    }

    // ---- the optimisation: the byte-level fast path (package fastpath), tried first ----

    /** The fast path's bytes, or null where only the generator may write this order. */
    static byte[] encodeFastPath(Order order) {
        return OrderBytesWriter.write(order.orderId(), order.userId(), order.amount(), order.currency(), order.createdAt());
    }

    /** The fast path's order (validated alike), or null where it leaves the input to the reference. */
    static Order decodeFastPath(byte[] json, UUID defaultOrderId, Instant defaultCreatedAt, Instant now) {
        OrderFields fields = OrderBytesReader.read(json);
        return fields == null ? null : toOrder(fields.orderId(), fields.userId(), fields.amount(), fields.currency(),
                fields.createdAt(), defaultOrderId, defaultCreatedAt, now);
    }
}

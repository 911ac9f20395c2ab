package io.datastreamscaling.consumer.sink.clickhouse;

import io.datastreamscaling.consumer.sink.ConsumedOrder;
import io.datastreamscaling.shared.order.Order;

/**
 * The ClickHouse sink's row format, public: one order as one line of ClickHouse's TabSeparated format,
 * in the column order of {@link #COLUMNS}. Every row carries its source partition and offset: the
 * table itself then says where each partition continues. A tool that wants the same rows as the sink
 * without its guarantees (the bench's raw insert reference) uses it too. {@link #COLUMNS} names
 * columns of the {@code orders} table the sink creates; both change only with that schema.
 */
public final class OrderTsv {
    /** The columns of {@code INSERT INTO <database>.orders (…) FORMAT TabSeparated}, in the order {@link #append} writes them. */
    public static final String COLUMNS = "order_id, user_id, amount, currency, created_at, created_at_ms,"
            + " source_topic, source_partition, source_offset";

    private OrderTsv() {
    }

    /** Appends {@code consumed} as one row (ending in a newline) to {@code out}. */
    public static void append(StringBuilder out, ConsumedOrder consumed) {
        Order order = consumed.order();
        out.append(order.orderId()).append('\t');
        escape(out, order.userId());
        out.append('\t').append(order.amount().toPlainString())
                .append('\t').append(order.currency())
                // DateTime (seconds) for time functions, and the exact millis beside it: DateTime64 does not exist in 18.16.
                .append('\t').append(order.createdAt().getEpochSecond())
                .append('\t').append(order.createdAt().toEpochMilli())
                .append('\t');
        escape(out, consumed.topic());
        out.append('\t').append(consumed.partition())
                .append('\t').append(consumed.offset())
                .append('\n');
    }

    /**
     * How many bytes {@code text} from {@code from} on takes in UTF-8, exactly as
     * {@code String.getBytes(UTF_8)} counts them (a lone surrogate becomes one '?'), without encoding it.
     */
    static int utf8Length(CharSequence text, int from) {
        int bytes = 0;
        for (int i = from; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c < 0x80) {
                bytes += 1;
            } else if (c < 0x800) {
                bytes += 2;
            } else if (Character.isHighSurrogate(c) && i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
                bytes += 4;
                i++;
            } else {
                bytes += Character.isSurrogate(c) ? 1 : 3;
            }
        }
        return bytes;
    }

    /** TabSeparated escaping: a tab, newline or backslash in a value must not end the field or row. */
    static void escape(StringBuilder out, String value) {
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            switch (c) {
                case '\\' -> out.append("\\\\");
                case '\t' -> out.append("\\t");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\0' -> out.append("\\0");
                case '\b' -> out.append("\\b");
                case '\f' -> out.append("\\f");
                default -> out.append(c);
            }
        }
    }
}

package io.datastreamscaling.consumer.sink.postgres;

import io.datastreamscaling.consumer.sink.ConsumedOrder;
import io.datastreamscaling.shared.order.Order;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * The PostgreSQL sink's row format, public: orders as PostgreSQL's COPY text, in the column order of
 * {@link #COLUMNS}. The sink streams it into its staging table (or straight into {@code orders}); a tool
 * that wants the same rows as the sink without its guarantees (the bench's raw COPY reference) uses it
 * too, so the two differ only in what the sink adds. {@link #COLUMNS} names columns of the table
 * {@link SchemaMigrator} creates; both change only with that schema.
 */
public final class OrderCopyText {
    /** The columns of {@code COPY orders (…) FROM STDIN}, in the order {@link #of} writes them. */
    public static final String COLUMNS = "order_id, user_id, amount, currency, created_at, source_topic, source_partition, source_offset";

    private OrderCopyText() {
    }

    /** COPY text format: tab-separated, one line per row, backslash escapes in free text. */
    public static byte[] of(List<ConsumedOrder> orders) {
        StringBuilder text = new StringBuilder(orders.size() * 160);
        for (ConsumedOrder o : orders) {
            Order order = o.order();
            text.append(order.orderId()).append('\t');
            escape(order.userId(), text);
            text.append('\t').append(order.amount().toPlainString())
                    .append('\t').append(order.currency())
                    .append('\t').append(order.createdAt())
                    .append('\t').append(o.topic())
                    .append('\t').append(o.partition())
                    .append('\t').append(o.offset())
                    .append('\n');
        }
        return text.toString().getBytes(StandardCharsets.UTF_8);
    }

    private static void escape(String value, StringBuilder into) {
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            switch (c) {
                case '\\' -> into.append("\\\\");
                case '\t' -> into.append("\\t");
                case '\n' -> into.append("\\n");
                case '\r' -> into.append("\\r");
                default -> into.append(c);
            }
        }
    }
}

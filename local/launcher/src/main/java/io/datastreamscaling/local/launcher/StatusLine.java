package io.datastreamscaling.local.launcher;

import java.util.Locale;
import java.util.Optional;
import java.util.OptionalLong;

/** One live line: rates since the previous line, current lag, rows stored and error counts. */
final class StatusLine {
    private final LocalPlatform.Services services;
    private final Optional<OrdersStore> store;
    private final long startNanos = System.nanoTime();
    private final Throughput produced;
    private final Throughput consumed;

    StatusLine(LocalPlatform.Services services, Optional<OrdersStore> store) {
        this.services = services;
        this.store = store;
        long now = System.nanoTime();
        this.produced = new Throughput(services.producer.acknowledged(), now);
        this.consumed = new Throughput(services.consumer.consumed(), now);
    }

    String next() {
        long now = System.nanoTime();
        return String.format(Locale.ROOT, "[%4ds] produced %,8.0f/s  consumed %,8.0f/s  lag %,8d%s  windows %,d  dlq %,d  errors %,d",
                (now - startNanos) / 1_000_000_000L,
                produced.perSecond(services.producer.acknowledged(), now),
                consumed.perSecond(services.consumer.consumed(), now),
                services.consumer.totalLag(),
                store.map(s -> stored(s.rows())).orElse(""),
                services.windowsEmitted(),
                services.consumer.deadLettered(),
                services.totalErrors());
    }

    private static String stored(OptionalLong rows) {
        return rows.isPresent() ? String.format(Locale.ROOT, "  stored %,10d rows", rows.getAsLong()) : "  stored          ? rows";
    }
}

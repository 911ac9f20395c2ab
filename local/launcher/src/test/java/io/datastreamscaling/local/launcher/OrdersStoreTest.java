package io.datastreamscaling.local.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.datastreamscaling.consumer.sink.postgres.DatabaseSettings;
import org.junit.jupiter.api.Test;

class OrdersStoreTest {

    @Test
    void thePsqlCommandNamesHostPortUserAndDatabaseButNeverThePassword() {
        OrdersStore store = OrdersStore.external(new DatabaseSettings("jdbc:postgresql://db.internal:6432/orders?sslmode=require",
                "app", "secret"));

        assertEquals("psql -h db.internal -p 6432 -U app orders", store.psqlCommand());
    }

    @Test
    void aUrlWithoutPortOrDatabaseLeavesThemToPsqlsDefaults() {
        OrdersStore store = OrdersStore.external(new DatabaseSettings("jdbc:postgresql://localhost/", "postgres", ""));

        assertEquals("psql -h localhost -U postgres", store.psqlCommand());
    }
}

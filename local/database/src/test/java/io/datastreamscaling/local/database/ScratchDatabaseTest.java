package io.datastreamscaling.local.database;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.datastreamscaling.local.database.ScratchDatabase.Server;
import org.junit.jupiter.api.Test;

/**
 * What needs no server. Creating and dropping on a real one is exercised by every user of the class:
 * the consumer's {@code TestDatabase} (its sink tests) and the bench's sink rounds (BenchHarnessTest).
 */
class ScratchDatabaseTest {

    @Test
    void unsetOrBlankSettingsMeanTheLocalServerAsPostgresWithoutPassword() {
        assertEquals(new Server(ScratchDatabase.LOCAL_URL, "postgres", ""), Server.of(null, " ", null));
    }

    @Test
    void aDatabasesUrlKeepsTheServersHostPortAndParameters() {
        String admin = "jdbc:postgresql://db.example:6543/postgres?sslmode=require";

        assertEquals("jdbc:postgresql://db.example:6543/scratch_1?sslmode=require", Server.withDatabase(admin, "scratch_1"));
    }
}

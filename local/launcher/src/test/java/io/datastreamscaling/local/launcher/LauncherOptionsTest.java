package io.datastreamscaling.local.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class LauncherOptionsTest {

    @Test
    void byDefaultTheOrdersGoToPostgresOnPort5433InsideTheDataDirectory() {
        LauncherOptions options = LauncherOptions.parse("--data-dir", "somewhere");

        assertTrue(options.postgres());
        assertEquals(5433, options.postgresPort());
        assertEquals(Path.of("somewhere", "postgres"), options.postgresDataDir());
    }

    @Test
    void theLogSinkAndAnotherPortCanBeChosen() {
        assertFalse(LauncherOptions.parse("--sink", "log").postgres());
        assertEquals(6543, LauncherOptions.parse("--pg-port", "6543").postgresPort());
    }

    @Test
    void scalingStillDefaultsToTheLogSink() {
        assertFalse(LauncherOptions.parse("--scale").scale().orElseThrow().postgres());
        assertTrue(LauncherOptions.parse("--scale", "--sink", "postgres").scale().orElseThrow().postgres());
    }

    @Test
    void anUnknownSinkOrAPortOutOfRangeIsRejectedNamingTheOption() {
        assertEquals("--sink is log or postgres, got 'clickhouse'",
                assertThrows(IllegalArgumentException.class, () -> LauncherOptions.parse("--sink", "clickhouse")).getMessage());
        assertTrue(assertThrows(IllegalArgumentException.class, () -> LauncherOptions.parse("--pg-port", "70000"))
                .getMessage().startsWith("--pg-port"));
    }
}

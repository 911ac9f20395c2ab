package io.datastreamscaling.local.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.datastreamscaling.local.scaling.live.LoadProfile;
import io.datastreamscaling.shared.config.Env;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
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
    void scalingWritesToPostgresByDefaultLikeThePlainRun() {
        assertTrue(LauncherOptions.parse("--scale").scale().orElseThrow().postgres());
        assertFalse(LauncherOptions.parse("--scale", "--sink", "log").scale().orElseThrow().postgres());
    }

    @Test
    void aDurationFitsTheScalingProfileWarmUpAQuarterBurstAFifthCoolDownTheRest() {
        LoadProfile profile = LauncherOptions.parse("--scale", "--duration", "120").scale().orElseThrow().profile();

        assertEquals(Duration.ofSeconds(30), profile.warmUp());
        assertEquals(Duration.ofSeconds(24), profile.burst());
        assertEquals(Optional.of(Duration.ofSeconds(66)), profile.coolDown());
    }

    @Test
    void aDurationKeepsAGivenWarmUpAndBurstAndRefusesACoolDownOrTooShortARun() {
        LoadProfile profile = LauncherOptions.parse("--scale", "--duration", "60", "--warm-up", "10", "--burst", "5")
                .scale().orElseThrow().profile();
        assertEquals(Optional.of(Duration.ofSeconds(45)), profile.coolDown());

        assertTrue(message("--scale", "--duration", "60", "--cool-down", "5").contains("--cool-down"));
        assertTrue(message("--scale", "--duration", "10", "--warm-up", "6", "--burst", "4").contains("leaves no cool-down"));
        assertTrue(message("--scale", "--rate", "5").contains("--steady-rate"));
    }

    @Test
    void chaosNeedsADurationOfThirtySecondsAndPostgresAndImpliesTheVerification() {
        assertTrue(message("--chaos").contains("--chaos needs --duration"));
        assertTrue(message("--chaos", "--duration", "20").contains("at least 30 s"));
        assertTrue(message("--chaos", "--duration", "60", "--sink", "log").contains("postgres sink"));
        assertTrue(message("--duration", "60", "--chaos-seed", "3").contains("--chaos only"));
        assertTrue(message("--chaos", "--duration", "60", "--chaos-seed", "x").contains("--chaos-seed"));

        LauncherOptions chaos = LauncherOptions.parse("--chaos", "--duration", "60", "--chaos-seed", "42");
        assertTrue(chaos.chaos());
        assertTrue(chaos.verify(), "a chaos run ends with --verify's check");
        assertEquals(42, chaos.chaosSeed());
        assertEquals(Optional.of(LauncherOptions.CHAOS_DEFAULT_RATE), chaos.rate(), "orders enough to land a kill mid-batch");
        assertEquals(Optional.of("5"), LauncherOptions.parse("--chaos", "--duration", "60", "--rate", "5").rate());
    }

    @Test
    void chaosCombinesWithScaleAndADuration() {
        LauncherOptions options = LauncherOptions.parse("--scale", "--chaos", "--duration", "120", "--chaos-seed", "7", "--ephemeral-ports");

        assertTrue(options.scale().orElseThrow().chaos());
        assertEquals(7, options.scale().orElseThrow().chaosSeed());
        assertEquals(0, options.scale().orElseThrow().livePagePort());
        assertEquals(Duration.ofSeconds(120), options.scale().orElseThrow().profile().warmUp()
                .plus(options.scale().orElseThrow().profile().burst()).plus(options.scale().orElseThrow().profile().coolDown().orElseThrow()));
    }

    @Test
    void helpPrintsEveryOptionTheParserTakes() throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();

        assertEquals(0, LocalPlatform.run(new String[] {"--help"}, Env.of(Map.of()), new PrintStream(out, true, StandardCharsets.UTF_8)));

        String usage = out.toString(StandardCharsets.UTF_8);
        String parser = Files.readString(Path.of("src/main/java/io/datastreamscaling/local/launcher/LauncherOptions.java"));
        Matcher options = Pattern.compile("case \"(--[a-z-]+)\"").matcher(parser);
        int seen = 0;
        while (options.find()) {
            seen++;
            assertTrue(usage.contains("  " + options.group(1) + " "), options.group(1) + " is in --help:\n" + usage);
        }
        assertTrue(seen > 15, "the parser's options were found: " + seen);
    }

    private static String message(String... args) {
        return assertThrows(IllegalArgumentException.class, () -> LauncherOptions.parse(args)).getMessage();
    }

    @Test
    void anUnknownSinkOrAPortOutOfRangeIsRejectedNamingTheOption() {
        assertEquals("--sink is log or postgres, got 'clickhouse'",
                assertThrows(IllegalArgumentException.class, () -> LauncherOptions.parse("--sink", "clickhouse")).getMessage());
        assertTrue(assertThrows(IllegalArgumentException.class, () -> LauncherOptions.parse("--pg-port", "70000"))
                .getMessage().startsWith("--pg-port"));
    }
}

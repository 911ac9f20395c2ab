package io.datastreamscaling.producer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.datastreamscaling.shared.config.Env;
import io.datastreamscaling.shared.config.InvalidSettingException;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ProducerSettingsTest {

    @Test
    void defaultsWorkOnALaptop() {
        ProducerSettings settings = ProducerSettings.from(Env.of(Map.of()));

        assertEquals(8081, settings.httpPort());
        assertEquals("orders", settings.topic());
        assertEquals(1.0, settings.ratePerSecond());
        assertTrue(settings.generatorEnabled());
        assertEquals(Duration.ofSeconds(5), settings.sendTimeout());
        assertEquals(64 * 1024, settings.maxBodyBytes());
        assertTrue(settings.seed().isEmpty());
        assertFalse(settings.limitedOrders(), "the generator runs until stopped");
    }

    @Test
    void aRequiredApiTokenThatIsMissingStopsStartUpNamingTheVariable() {
        InvalidSettingException e = assertThrows(InvalidSettingException.class,
                () -> ProducerSettings.from(Env.of(Map.of("PRODUCER_API_TOKEN_REQUIRED", "true"))));

        assertEquals("PRODUCER_API_TOKEN", e.variable());
        assertTrue(e.getMessage().contains("PRODUCER_API_TOKEN_REQUIRED"), e.getMessage());
    }

    @Test
    void aRequiredApiTokenThatIsSetIsUsedAndTheDefaultLeavesItOptional() {
        ProducerSettings required = ProducerSettings.from(Env.of(Map.of("PRODUCER_API_TOKEN_REQUIRED", "true",
                "PRODUCER_API_TOKEN", "t0ken")));
        ProducerSettings open = ProducerSettings.from(Env.of(Map.of()));

        assertEquals("t0ken", required.apiToken().orElseThrow());
        assertTrue(open.apiToken().isEmpty());
        assertEquals(256, open.maxInFlight());
    }

    @Test
    void aSendTimeoutBeyondTheServersResponseLimitIsRefused() {
        InvalidSettingException e = assertThrows(InvalidSettingException.class,
                () -> ProducerSettings.from(Env.of(Map.of("PRODUCER_SEND_TIMEOUT_MS", "120000"))));

        assertEquals("PRODUCER_SEND_TIMEOUT_MS", e.variable());
    }

    @Test
    void maxOrdersLimitsTheGenerator() {
        ProducerSettings settings = ProducerSettings.from(Env.of(Map.of("PRODUCER_MAX_ORDERS", "1000")));

        assertTrue(settings.limitedOrders());
        assertEquals(1_000, settings.maxOrders());
    }

    @Test
    void rateMaxMeansUnlimited() {
        ProducerSettings settings = ProducerSettings.from(Env.of(Map.of("PRODUCER_RATE", "MAX")));

        assertTrue(settings.unlimitedRate());
    }

    @ParameterizedTest
    @ValueSource(strings = {"fast", "0", "-5", "NaN", "1e9"})
    void badRateNamesTheVariable(String rate) {
        InvalidSettingException e = assertThrows(InvalidSettingException.class,
                () -> ProducerSettings.from(Env.of(Map.of("PRODUCER_RATE", rate))));

        assertTrue(e.getMessage().startsWith("PRODUCER_RATE"), e.getMessage());
    }

    @Test
    void badSeedNamesTheVariable() {
        InvalidSettingException e = assertThrows(InvalidSettingException.class,
                () -> ProducerSettings.from(Env.of(Map.of("PRODUCER_SEED", "abc"))));

        assertTrue(e.getMessage().startsWith("PRODUCER_SEED"), e.getMessage());
    }

    @Test
    void unknownPassThroughPropertyStopsStartUpNamingTheVariableBeforeConnecting() {
        Env env = Env.of(Map.of("KAFKA_PRODUCER_FOO_BAR", "1", "KAFKA_BOOTSTRAP_SERVERS", "127.0.0.1:1", "HTTP_PORT", "0"));

        InvalidSettingException e = assertThrows(InvalidSettingException.class, () -> ProducerService.start(env));

        assertTrue(e.getMessage().startsWith("KAFKA_PRODUCER_FOO_BAR"), e.getMessage());
    }

    @Test
    void variablesListsEverySettingRead() {
        Env env = Env.of(Map.of());

        ProducerSettings.from(env);

        assertTrue(ProducerSettings.VARIABLES.containsAll(env.effectiveConfig().keySet()),
                "read " + env.effectiveConfig().keySet() + ", listed " + ProducerSettings.VARIABLES);
    }
}

package io.datastreamscaling.shared.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Secrets inside values (URLs, parameters, error messages) never reach a log line. */
class SecretsTest {

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            JDBC query password          | jdbc:postgresql://db:5432/orders?user=app&password=s3cret&ssl=true | jdbc:postgresql://db:5432/orders?user=app&password=******&ssl=true
            user info in a URL           | postgresql://app:s3cret@db:5432/orders                              | postgresql://app:******@db:5432/orders
            user info with @ in password | jdbc:postgresql://app:s3@cret@db/orders                             | jdbc:postgresql://app:******@db/orders
            JDBC semicolon property      | jdbc:sqlserver://db;user=app;password=s3cret;encrypt=true           | jdbc:sqlserver://db;user=app;password=******;encrypt=true
            quoted JAAS option           | ScramLoginModule required username="u" password="s3cret";          | ScramLoginModule required username="u" password=******;
            upper-case key               | http://h/x?PASSWORD=s3cret                                          | http://h/x?PASSWORD=******
            access token parameter       | https://h/x?access_token=s3cret&page=2                              | https://h/x?access_token=******&page=2
            nothing secret               | jdbc:postgresql://db:5432/orders?user=app                           | jdbc:postgresql://db:5432/orders?user=app
            """)
    void secretsInsideValuesAreMasked(String name, String value, String expected) {
        assertEquals(expected, Secrets.maskInText(value));
    }

    @Test
    void anErrorMessageQuotingTheUrlIsMaskedToo() {
        String message = "FATAL: connection to jdbc:postgresql://app:s3cret@db/orders?password=s3cret refused";

        assertFalse(Secrets.maskInText(message).contains("s3cret"), Secrets.maskInText(message));
    }

    @Test
    void theLoggedConfigurationMasksAPasswordInsideDbUrl() {
        Env env = Env.of(Map.of("DB_URL", "jdbc:postgresql://h/db?user=u&password=s3cret",
                "OTHER_URL", "postgresql://u:pa55@h/db"));
        env.string("DB_URL", "");
        env.string("OTHER_URL", "");

        String logged = env.effectiveConfig().toString();

        assertFalse(logged.contains("s3cret"), logged);
        assertFalse(logged.contains("pa55"), logged);
        assertEquals("jdbc:postgresql://h/db?user=u&password=******", env.effectiveConfig().get("DB_URL"));
    }

    @Test
    void aSwitchNamingASecretIsShownButTheSecretIsNot() {
        Env env = Env.of(Map.of("PRODUCER_API_TOKEN_REQUIRED", "true", "PRODUCER_API_TOKEN", "t0ken"));
        env.string("PRODUCER_API_TOKEN_REQUIRED", "false");
        env.string("PRODUCER_API_TOKEN", "");

        Map<String, String> logged = env.effectiveConfig();

        assertEquals("true", logged.get("PRODUCER_API_TOKEN_REQUIRED"));
        assertEquals(Secrets.MASK, logged.get("PRODUCER_API_TOKEN"));
    }
}

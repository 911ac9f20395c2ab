package io.datastreamscaling.consumer.sink.postgres;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.datastreamscaling.consumer.sink.SinkUnavailableException;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.parallel.Isolated;

/** A password written into DB_URL never reaches an error message or a log line of the sink. */
@Isolated("replaces System.err, where every class's services log: alone, it reads only its own lines and restores the stream no other class holds")
class DatabaseUrlSecretsTest {
    private static final String SECRET = "s3cr3t-in-url";

    @Test
    void passwordsInTheUrlAreMaskedWhereverTheyStand() {
        assertEquals("jdbc:postgresql://db:5432/orders?user=app&password=******&ssl=true",
                DatabaseSettings.mask("jdbc:postgresql://db:5432/orders?user=app&password=" + SECRET + "&ssl=true"));
        assertEquals("jdbc:postgresql://db/orders?sslpassword=******",
                DatabaseSettings.mask("jdbc:postgresql://db/orders?sslpassword=" + SECRET));
        assertEquals("jdbc:postgresql://app:******@db/orders", DatabaseSettings.mask("jdbc:postgresql://app:" + SECRET + "@db/orders"));
        assertEquals("jdbc:postgresql://db:5432/orders", DatabaseSettings.mask("jdbc:postgresql://db:5432/orders"));
        assertFalse(new DatabaseSettings("jdbc:postgresql://db/o?password=" + SECRET, "u", "p").toString().contains(SECRET));
    }

    @Test
    void unreachableOrRefusingDatabaseErrorsAndLogsDoNotShowThePasswordOfTheUrl() {
        // Port 1: refused at once (transient: the sink waits). The second URL the driver cannot parse
        // and quotes whole (refused for good: start-up stops).
        for (String url : new String[] {"jdbc:postgresql://127.0.0.1:1/postgres?user=postgres&password=" + SECRET,
                "jdbc:postgresql://127.0.0.1:notaport/postgres?password=" + SECRET}) {
            ByteArrayOutputStream logged = new ByteArrayOutputStream();
            PrintStream stderr = System.err;
            Exception failure;
            System.setErr(new PrintStream(logged, true, StandardCharsets.UTF_8));
            try {
                failure = failureOf(new DatabaseSettings(url, "postgres", ""));
            } finally {
                System.setErr(stderr);
            }
            for (Throwable t = failure; t != null; t = t.getCause()) {
                assertFalse(String.valueOf(t.getMessage()).contains(SECRET), "error message shows the password: " + t.getMessage());
            }
            String log = logged.toString(StandardCharsets.UTF_8);
            assertFalse(log.contains(SECRET), "log shows the password: " + log);
        }
    }

    /** The error start-up or the first availability check ends with. */
    private static Exception failureOf(DatabaseSettings settings) {
        PostgresOrderSink sink;
        try {
            sink = PostgresOrderSink.start(settings, "g", true);
        } catch (IllegalStateException refused) {
            return refused;
        }
        try {
            return assertThrows(SinkUnavailableException.class, sink::checkAvailable);
        } finally {
            sink.close();
        }
    }
}

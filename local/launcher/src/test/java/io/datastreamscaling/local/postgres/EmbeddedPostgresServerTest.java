package io.datastreamscaling.local.postgres;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EmbeddedPostgresServerTest {

    @Test
    void theServerIsADurableStoreNotATestDatabase(@TempDir Path dir) throws Exception {
        try (EmbeddedPostgresServer server = EmbeddedPostgresServer.start(dir.resolve("postgres"), 0);
             Connection c = DriverManager.getConnection(server.jdbcUrl(), EmbeddedPostgresServer.USER, "")) {
            assertEquals("on", setting(c, "fsync"), "a commit reaches the disk before it is acknowledged");
            assertEquals("on", setting(c, "synchronous_commit"), "a committed batch and its offsets survive a crash");
            assertEquals("localhost", setting(c, "listen_addresses"), "trust authentication, so never beyond this machine");
        }
    }

    private static String setting(Connection c, String name) throws SQLException {
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery("SHOW " + name)) {
            rs.next();
            return rs.getString(1);
        }
    }
}

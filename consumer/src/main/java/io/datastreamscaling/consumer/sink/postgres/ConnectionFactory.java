package io.datastreamscaling.consumer.sink.postgres;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Properties;

/** Opens connections to the sink's database with timeouts that keep the poll loop responsive. */
public final class ConnectionFactory {
    private final DatabaseSettings settings;

    public ConnectionFactory(DatabaseSettings settings) {
        this.settings = settings;
    }

    public Connection open() throws SQLException {
        Properties props = new Properties();
        props.setProperty("user", settings.user());
        props.setProperty("password", settings.password());
        props.setProperty("ApplicationName", "orders-consumer");
        // A database that does not answer must not hold the poll loop past max.poll.interval.ms
        // (5 min): fail the batch, pause and retry instead. Values in DB_URL take precedence.
        props.setProperty("connectTimeout", "5");
        props.setProperty("socketTimeout", "60");
        props.setProperty("tcpKeepAlive", "true");
        return DriverManager.getConnection(settings.url(), props);
    }

    public DatabaseSettings settings() {
        return settings;
    }
}

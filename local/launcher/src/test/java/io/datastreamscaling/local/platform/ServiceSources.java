package io.datastreamscaling.local.platform;

import io.datastreamscaling.shared.config.KafkaSettings;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Which environment variables a service reads, found by scanning its main sources (and shared's) for
 * string literals that look like variable names ({@code "DB_URL"}). A stand-in until every service has
 * its {@code <Service>Settings.VARIABLES}: then the consistency test should use those sets instead.
 */
final class ServiceSources {
    private static final Pattern VARIABLE_LITERAL = Pattern.compile("\"([A-Z][A-Z0-9]*(?:_[A-Z0-9]+)+)\"");

    private ServiceSources() {
    }

    static boolean hasSources(String module) {
        Path main = StackFiles.ROOT.resolve(module).resolve("src/main/java");
        try (Stream<Path> files = Files.exists(main) ? Files.walk(main) : Stream.empty()) {
            return files.anyMatch(f -> f.toString().endsWith(".java"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Variable names a service may read: literals in its sources and shared's. */
    static Set<String> variablesRead(String module) {
        Set<String> names = new TreeSet<>();
        for (String dir : List.of("shared", module)) {
            Path main = StackFiles.ROOT.resolve(dir).resolve("src/main/java");
            if (!Files.exists(main)) {
                continue;
            }
            try (Stream<Path> files = Files.walk(main)) {
                files.filter(f -> f.toString().endsWith(".java")).forEach(f -> collect(f, names));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return names;
    }

    /** True when {@code variable} is a Kafka client pass-through ({@code KAFKA_CONSUMER_MAX_POLL_RECORDS}). */
    static boolean isPassThrough(String variable) {
        return Arrays.stream(KafkaSettings.Client.values())
                .anyMatch(c -> variable.startsWith(c.prefix()) && variable.length() > c.prefix().length());
    }

    private static void collect(Path file, Set<String> names) {
        try {
            Matcher m = VARIABLE_LITERAL.matcher(Files.readString(file));
            while (m.find()) {
                names.add(m.group(1));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

package io.datastreamscaling.streams;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The service's packages depend on each other one way only, read from the imports of the sources:
 * the topology and the dead-letter handlers get settings and meters handed in, never read them from
 * the service package. A cycle makes a package impossible to read (or test) without the other.
 */
class PackageDependenciesTest {
    private static final String ROOT = "io.datastreamscaling.streams";
    private static final Pattern PACKAGE = Pattern.compile("^package ([\\w.]+);", Pattern.MULTILINE);
    private static final Pattern IMPORT = Pattern.compile(
            "^import (?:static )?(" + Pattern.quote(ROOT) + "(?:\\.[a-z]\\w*)*)\\.[A-Z]\\w*(?:\\.\\w+)*;", Pattern.MULTILINE);

    @Test
    void noPackageOfTheServiceDependsOnAPackageThatDependsOnIt() {
        Map<String, Set<String>> dependencies = dependencies(Path.of("src", "main", "java"));

        for (String from : dependencies.keySet()) {
            for (String to : dependencies.get(from)) {
                assertFalse(reaches(dependencies, to, from),
                        "package cycle: " + from + " -> " + to + " -> ... -> " + from + " (all: " + dependencies + ")");
            }
        }
    }

    @Test
    void theTopologyDependsOnNoOtherPackageOfTheService() {
        Map<String, Set<String>> dependencies = dependencies(Path.of("src", "main", "java"));

        assertEquals(Set.of(), dependencies.getOrDefault(ROOT + ".topology", Set.of()));
    }

    private static boolean reaches(Map<String, Set<String>> dependencies, String from, String target) {
        Deque<String> open = new ArrayDeque<>(List.of(from));
        Set<String> seen = new TreeSet<>();
        while (!open.isEmpty()) {
            String next = open.pop();
            if (next.equals(target)) {
                return true;
            }
            if (seen.add(next)) {
                open.addAll(dependencies.getOrDefault(next, Set.of()));
            }
        }
        return false;
    }

    /** Package to the other packages of the service it imports from. */
    private static Map<String, Set<String>> dependencies(Path sources) {
        Map<String, Set<String>> dependencies = new TreeMap<>();
        try (Stream<Path> files = Files.walk(sources)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".java")).toList()) {
                String text = Files.readString(file);
                Matcher pkg = PACKAGE.matcher(text);
                assertTrue(pkg.find(), "no package declaration in " + file);
                Set<String> imported = dependencies.computeIfAbsent(pkg.group(1), p -> new TreeSet<>());
                Matcher imports = IMPORT.matcher(text);
                while (imports.find()) {
                    if (!imports.group(1).equals(pkg.group(1))) {
                        imported.add(imports.group(1));
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        assertTrue(dependencies.size() > 1, "no sources found under " + sources.toAbsolutePath());
        return dependencies;
    }
}

package io.datastreamscaling.consumer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** The consumer's package rules, read from its import lines: only shared from outside, no package cycles. */
class PackageRulesTest {
    private static final Path MAIN = Path.of("src/main/java");
    private static final Pattern PACKAGE = Pattern.compile("^package ([\\w.]+);", Pattern.MULTILINE);
    private static final Pattern IMPORT = Pattern.compile("^import (?:static )?(io\\.datastreamscaling\\.[\\w.]+)\\.[A-Z]\\w*(?:\\.\\w+)*;",
            Pattern.MULTILINE);

    /** package → the project packages it imports. */
    private static Map<String, Set<String>> dependencies() {
        Map<String, Set<String>> deps = new TreeMap<>();
        try (Stream<Path> files = Files.walk(MAIN)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".java")).toList()) {
                String source = Files.readString(file);
                Matcher pkg = PACKAGE.matcher(source);
                assertTrue(pkg.find(), "no package line in " + file);
                Set<String> imports = deps.computeIfAbsent(pkg.group(1), p -> new TreeSet<>());
                Matcher imp = IMPORT.matcher(source);
                while (imp.find()) {
                    if (!imp.group(1).equals(pkg.group(1))) {
                        imports.add(imp.group(1));
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return deps;
    }

    @Test
    void theConsumerDependsOnSharedOnly() {
        List<String> wrong = new ArrayList<>();
        dependencies().forEach((pkg, imports) -> imports.stream()
                .filter(i -> !i.startsWith("io.datastreamscaling.consumer") && !i.startsWith("io.datastreamscaling.shared"))
                .forEach(i -> wrong.add(pkg + " -> " + i)));
        assertEquals(List.of(), wrong);
    }

    @Test
    void noPackageCycles() {
        Map<String, Set<String>> deps = dependencies();
        List<String> cycles = new ArrayList<>();
        for (String start : deps.keySet()) {
            findCycle(start, start, deps, new ArrayList<>(List.of(start)), new TreeSet<>(), cycles);
        }
        assertEquals(List.of(), cycles, "package cycles");
    }

    private static void findCycle(String start, String at, Map<String, Set<String>> deps, List<String> path, Set<String> seen,
                                  List<String> cycles) {
        for (String next : deps.getOrDefault(at, Set.of())) {
            if (next.equals(start)) {
                cycles.add(String.join(" -> ", path) + " -> " + start);
            } else if (seen.add(next)) {
                path.add(next);
                findCycle(start, next, deps, path, seen, cycles);
                path.remove(path.size() - 1);
            }
        }
    }
}

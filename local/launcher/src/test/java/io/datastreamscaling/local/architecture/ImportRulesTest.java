package io.datastreamscaling.local.architecture;

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
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The module and package rules of the layout, read from the sources' import lines: the services depend on
 * {@code shared} only, {@code shared} on no service, and no module's packages import each other in a loop.
 * A cycle makes a package impossible to read or move on its own; the usual fix is to hand settings and meters
 * in as plain values or small interfaces, so each package depends one way.
 */
class ImportRulesTest {
    private static final List<String> SERVICES = List.of("producer", "consumer", "streams");
    private static final SourceTree TREE = SourceTree.read(SourceTree.findRoot());

    @Test
    void servicesDependOnSharedOnly() {
        List<String> violations = new ArrayList<>();
        for (String service : SERVICES) {
            for (String other : List.of("producer", "consumer", "streams", "local", "bench")) {
                if (!other.equals(service)) {
                    violations.addAll(TREE.importsFromModuleInto(service, other));
                }
            }
        }
        assertEquals(List.of(), violations, "a service's main code imports another module than shared");
    }

    @Test
    void sharedDependsOnNoService() {
        List<String> violations = new ArrayList<>();
        for (String service : SERVICES) {
            violations.addAll(TREE.importsFromModuleInto("shared", service));
        }
        violations.addAll(TREE.importsFromModuleInto("shared", "local"));
        violations.addAll(TREE.importsFromModuleInto("shared", "bench"));
        assertEquals(List.of(), violations, "shared imports a service");
    }

    @Test
    void noModuleHasAPackageCycle() {
        Map<String, Set<String>> graph = TREE.packageGraph();
        List<Set<String>> cycles = StronglyConnected.componentsLargerThanOne(graph);
        assertEquals(List.of(), cycles, "packages that import each other in a loop (main sources)");
    }

    @Test
    void theScanSeesEveryModule() {
        Set<String> packages = TREE.packageGraph().keySet();
        for (String module : List.of("shared", "producer", "consumer", "streams", "local", "bench")) {
            assertTrue(packages.stream().anyMatch(p -> p.startsWith("io.datastreamscaling." + module)),
                    () -> "no main package of " + module + " found; the scan would prove nothing: " + packages);
        }
    }

    /** The main sources of every module: each class's package and the project classes it imports. */
    private record SourceTree(Map<String, String> packageOfClass, Map<String, List<String>> importsOfFile,
                              Map<String, String> packageOfFile) {

        static Path findRoot() {
            for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
                if (Files.isRegularFile(dir.resolve("mvnw")) && Files.isDirectory(dir.resolve("shared"))) {
                    return dir;
                }
            }
            throw new IllegalStateException("no checkout root (mvnw beside shared/) above " + Path.of("").toAbsolutePath());
        }

        static SourceTree read(Path root) {
            Map<String, String> packageOfClass = new TreeMap<>();
            Map<String, List<String>> importsOfFile = new TreeMap<>();
            Map<String, String> packageOfFile = new TreeMap<>();
            try (Stream<Path> files = Files.walk(root)) {
                for (Path file : files.filter(SourceTree::isMainSource).toList()) {
                    String text = Files.readString(file);
                    String pkg = firstMatch(text, "package ");
                    String name = file.getFileName().toString().replace(".java", "");
                    String relative = root.relativize(file).toString().replace('\\', '/');
                    packageOfClass.put(pkg + "." + name, pkg);
                    packageOfFile.put(relative, pkg);
                    importsOfFile.put(relative, projectImports(text));
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            return new SourceTree(packageOfClass, importsOfFile, packageOfFile);
        }

        private static boolean isMainSource(Path file) {
            String path = file.toString().replace('\\', '/');
            return path.endsWith(".java") && path.contains("/src/main/java/") && !path.contains("/target/");
        }

        private static String firstMatch(String text, String keyword) {
            return text.lines().map(String::strip).filter(l -> l.startsWith(keyword)).findFirst()
                    .map(l -> l.substring(keyword.length(), l.indexOf(';')).strip())
                    .orElse("");
        }

        private static List<String> projectImports(String text) {
            return text.lines().map(String::strip)
                    .filter(l -> l.startsWith("import ") && l.contains("io.datastreamscaling."))
                    .map(l -> l.substring(l.indexOf("io.datastreamscaling."), l.indexOf(';')).strip())
                    .toList();
        }

        /** The package an imported name lives in: the longest prefix that is a known class (nested and static imports too). */
        private String packageOf(String imported) {
            for (String name = imported; name.contains("."); name = name.substring(0, name.lastIndexOf('.'))) {
                String pkg = packageOfClass.get(name);
                if (pkg != null) {
                    return pkg;
                }
            }
            return null;
        }

        List<String> importsFromModuleInto(String fromModule, String intoModule) {
            String from = "io.datastreamscaling." + fromModule;
            String into = "io.datastreamscaling." + intoModule;
            List<String> found = new ArrayList<>();
            importsOfFile.forEach((file, imports) -> {
                String pkg = packageOfFile.get(file);
                if (pkg.equals(from) || pkg.startsWith(from + ".")) {
                    imports.stream().filter(i -> i.startsWith(into + ".")).forEach(i -> found.add(file + " imports " + i));
                }
            });
            return found;
        }

        Map<String, Set<String>> packageGraph() {
            Map<String, Set<String>> graph = new TreeMap<>();
            packageOfFile.values().forEach(pkg -> graph.computeIfAbsent(pkg, p -> new TreeSet<>()));
            importsOfFile.forEach((file, imports) -> {
                String pkg = packageOfFile.get(file);
                for (String imported : imports) {
                    String target = packageOf(imported);
                    if (target != null && !target.equals(pkg)) {
                        graph.get(pkg).add(target);
                    }
                }
            });
            return graph;
        }
    }

    /** Tarjan's strongly connected components; a component of more than one package is a cycle. */
    private static final class StronglyConnected {
        private final Map<String, Set<String>> graph;
        private final Map<String, Integer> index = new TreeMap<>();
        private final Map<String, Integer> low = new TreeMap<>();
        private final List<String> stack = new ArrayList<>();
        private final Set<String> onStack = new TreeSet<>();
        private final List<Set<String>> components = new ArrayList<>();

        private StronglyConnected(Map<String, Set<String>> graph) {
            this.graph = graph;
        }

        static List<Set<String>> componentsLargerThanOne(Map<String, Set<String>> graph) {
            StronglyConnected scc = new StronglyConnected(graph);
            graph.keySet().forEach(v -> {
                if (!scc.index.containsKey(v)) {
                    scc.visit(v);
                }
            });
            return scc.components.stream().filter(c -> c.size() > 1).toList();
        }

        private void visit(String v) {
            index.put(v, index.size());
            low.put(v, index.get(v));
            stack.add(v);
            onStack.add(v);
            for (String w : graph.getOrDefault(v, Set.of())) {
                if (!index.containsKey(w)) {
                    visit(w);
                    low.put(v, Math.min(low.get(v), low.get(w)));
                } else if (onStack.contains(w)) {
                    low.put(v, Math.min(low.get(v), index.get(w)));
                }
            }
            if (low.get(v).equals(index.get(v))) {
                Set<String> component = new TreeSet<>();
                String w;
                do {
                    w = stack.remove(stack.size() - 1);
                    onStack.remove(w);
                    component.add(w);
                } while (!w.equals(v));
                components.add(component);
            }
        }
    }
}

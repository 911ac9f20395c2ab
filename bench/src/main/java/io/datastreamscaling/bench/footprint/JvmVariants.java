package io.datastreamscaling.bench.footprint;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The JVM variants the bench knows, by name. {@code default} is the jar with the JVM's defaults on
 * the bench's JDK (17), the "before" of every pair; {@code shipped} is what the docs recommend for
 * the images and the launcher on JDK 17 (see docs/benchmarks.md, "Start-up and memory"), and
 * {@code jdk25-shipped} the same flags on JDK 25 with its AOT cache instead of the CDS archive.
 */
public final class JvmVariants {
    /**
     * Flags for a small service (a few threads, tens of MiB of live data, 1 to 1,000 orders/s):
     * <ul>
     *   <li>{@code -XX:+UseSerialGC}: no G1 remembered sets, card tables and worker threads (G1's own
     *       structures were 40 MiB committed of our producer's 161 MiB, NMT); a heap of this size
     *       collects in a few ms with one thread;</li>
     *   <li>{@code -XX:TieredStopAtLevel=1 -XX:CICompilerCount=1}: C1 only, one compiler thread: the JIT
     *       burns a fraction of the start-up CPU and code cache; peak throughput drops (the bench's
     *       produce/consume rounds keep the defaults);</li>
     *   <li>{@code -Xss256k}: a producer has ~20 threads, none recursing deeply;</li>
     *   <li>{@code -Xms8m}: the heap starts small and grows only as far as the live set needs. Without
     *       it the initial heap is 1/64 of the machine's RAM (capped by {@code -Xmx}: all 64 MiB here),
     *       and allocation cycling through a large eden touches every page of it: ~12 MiB of RSS at 1
     *       order/s for nothing (NMT: heap 64 MiB committed, metaspace 1 MiB beside a CDS archive);</li>
     *   <li>{@code -Xmx64m -XX:MaxMetaspaceSize=64m -XX:ReservedCodeCacheSize=16m}: bounds near what
     *       a run uses (heap live set &lt; 20 MiB, metaspace ~25 MiB without an archive), so the JVM
     *       neither reserves nor touches memory for a 24 GiB machine; in a container
     *       {@code -XX:MaxRAMPercentage} does the heap's part instead.</li>
     * </ul>
     */
    public static final List<String> SMALL_SERVICE_FLAGS = List.of("-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1",
            "-XX:CICompilerCount=1", "-Xss256k", "-Xms8m", "-Xmx64m", "-XX:MaxMetaspaceSize=64m", "-XX:ReservedCodeCacheSize=16m");

    public static final String DEFAULT = "default";
    public static final String SHIPPED = "shipped";
    /** Every name {@code --jvm-variants} takes, in the order they run. */
    public static final List<String> NAMES = List.of(DEFAULT, "cds", "small", "jdk25", "jdk25-aot", SHIPPED, "jdk25-shipped");

    private JvmVariants() {
    }

    /**
     * The named variants; those needing JDK 25 are left out (and named in {@code missing}) when
     * {@code jdk25} is empty.
     */
    public static List<JvmVariant> of(List<String> names, Optional<Path> jdk25, List<String> missing) {
        Path java17 = Path.of(System.getProperty("java.home"), "bin", "java");
        Map<String, JvmVariant> known = new LinkedHashMap<>();
        known.put(DEFAULT, new JvmVariant(DEFAULT, java17, List.of(), JvmVariant.Archive.NONE));
        known.put("cds", new JvmVariant("cds", java17, List.of(), JvmVariant.Archive.DYNAMIC_CDS));
        known.put("small", new JvmVariant("small", java17, SMALL_SERVICE_FLAGS, JvmVariant.Archive.NONE));
        known.put(SHIPPED, new JvmVariant(SHIPPED, java17, SMALL_SERVICE_FLAGS, JvmVariant.Archive.DYNAMIC_CDS));
        jdk25.ifPresent(home -> {
            Path java25 = home.resolve("bin").resolve("java");
            known.put("jdk25", new JvmVariant("jdk25", java25, List.of(), JvmVariant.Archive.NONE));
            known.put("jdk25-aot", new JvmVariant("jdk25-aot", java25, List.of(), JvmVariant.Archive.AOT_CACHE));
            // The same small-service flags with JDK 25's AOT cache in place of the CDS archive.
            known.put("jdk25-shipped", new JvmVariant("jdk25-shipped", java25, SMALL_SERVICE_FLAGS, JvmVariant.Archive.AOT_CACHE));
        });
        List<JvmVariant> variants = new ArrayList<>();
        for (String name : NAMES) {
            if (!names.contains(name)) {
                continue;
            }
            if (known.containsKey(name)) {
                variants.add(known.get(name));
            } else {
                missing.add(name);
            }
        }
        return List.copyOf(variants);
    }

    /**
     * A JDK 25 home: {@code explicit} if given, else {@code JDK25_HOME}, else the first JDK under the
     * usual install roots whose {@code release} file says 25.
     */
    public static Optional<Path> jdk25(String explicit, Map<String, String> env) {
        if (explicit != null) {
            return Optional.of(Path.of(explicit));
        }
        if (env.get("JDK25_HOME") != null) {
            return Optional.of(Path.of(env.get("JDK25_HOME")));
        }
        for (String root : List.of("/usr/lib/jvm", "/opt/java", "/usr/java")) {
            Path dir = Path.of(root);
            if (!Files.isDirectory(dir)) {
                continue;
            }
            try (Stream<Path> homes = Files.list(dir)) {
                Optional<Path> found = homes.filter(JvmVariants::isJdk25).sorted().findFirst();
                if (found.isPresent()) {
                    return found;
                }
            } catch (IOException e) {
                // an unreadable root: look in the next
            }
        }
        return Optional.empty();
    }

    private static boolean isJdk25(Path home) {
        Path release = home.resolve("release");
        try {
            return Files.isRegularFile(home.resolve("bin").resolve("java")) && Files.isRegularFile(release)
                    && Files.readString(release).contains("JAVA_VERSION=\"25");
        } catch (IOException e) {
            return false;
        }
    }
}

package io.datastreamscaling.bench.footprint;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Sizes of the runnable jars a user would ship, for those that have been built. */
public final class JarSizes {
    /** Relative to the project root; a module not built yet is left out of the report. */
    public static final List<String> JARS = List.of(
            "producer/target/producer.jar",
            "consumer/target/consumer.jar",
            "streams/target/streams.jar",
            "local/launcher/target/local-launcher.jar",
            "bench/target/bench.jar");

    private JarSizes() {
    }

    /** Jar path → size in MiB, in {@link #JARS} order. */
    public static Map<String, Double> of(Path projectRoot) throws IOException {
        Map<String, Double> sizes = new LinkedHashMap<>();
        for (String jar : JARS) {
            Path file = projectRoot.resolve(jar);
            if (Files.isRegularFile(file)) {
                sizes.put(jar, Files.size(file) / (1024.0 * 1024.0));
            }
        }
        return sizes;
    }
}

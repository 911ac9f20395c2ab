package io.datastreamscaling.bench.footprint;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * One way of launching our producer's jar: which JDK, which JVM flags, and whether a class archive
 * from a training run of the same jar is used. The footprint's start-up and memory pairs compare
 * these in one run ({@code --jvm-variants}).
 *
 * @param name     as given to {@code --jvm-variants} and printed
 * @param java     the {@code java} executable (the bench's own JDK 17, or a newer one); the bytecode stays 17
 * @param flags    JVM flags of every launch (training and measured)
 * @param archive  the class archive kind, trained once per run before the measured launches
 */
public record JvmVariant(String name, Path java, List<String> flags, Archive archive) {

    /** What a training run writes at exit and the measured launches map at start. */
    public enum Archive {
        /** No archive: the JDK's default CDS archive of its own classes only. */
        NONE,
        /** AppCDS, JDK 13+: a dynamic archive of the classes the training run loaded (jar and JDK build fixed). */
        DYNAMIC_CDS,
        /**
         * JDK 25's AOT cache (JEP 483/514): classes loaded and linked, plus the training run's profiles;
         * written at the training run's exit, mapped with {@code -XX:AOTCache}.
         */
        AOT_CACHE
    }

    /** The flags of the training run that writes {@code file}. */
    public List<String> trainingFlags(Path file) {
        List<String> all = new ArrayList<>(flags);
        switch (archive) {
            case DYNAMIC_CDS -> all.add("-XX:ArchiveClassesAtExit=" + file);
            case AOT_CACHE -> all.add("-XX:AOTCacheOutput=" + file);
            case NONE -> throw new IllegalStateException(name + " has no archive to train");
        }
        return List.copyOf(all);
    }

    /** The flags of a measured launch, mapping {@code file} when the variant has an archive. */
    public List<String> launchFlags(Path file) {
        List<String> all = new ArrayList<>(flags);
        switch (archive) {
            case DYNAMIC_CDS -> all.add("-XX:SharedArchiveFile=" + file);
            case AOT_CACHE -> all.add("-XX:AOTCache=" + file);
            case NONE -> {
            }
        }
        return List.copyOf(all);
    }

    /** How a user would type it, for the report: {@code java -XX:... -jar producer.jar}. */
    public String commandLine() {
        List<String> shown = new ArrayList<>(launchFlags(Path.of(name + (archive == Archive.AOT_CACHE ? ".aot" : ".jsa"))));
        String jdk = java.getParent() != null && java.getParent().getParent() != null ? java.getParent().getParent().getFileName().toString() : "java";
        shown.add(0, "java");
        shown.add("-jar producer.jar");
        return jdk + ": " + String.join(" ", shown);
    }
}

package io.datastreamscaling.bench.process;

import java.io.File;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A child JVM started from the same {@code java} and classpath as the bench itself, so that Kafka's
 * tools and our services pay the same process start, class loading and JIT warm-up.
 *
 * <pre>
 *   ChildJvm.mainClass("org.apache.kafka.tools.ProducerPerformance").args(...).start()
 *   ChildJvm.jar(Path.of("producer/target/producer.jar")).env("PRODUCER_RATE", "max").start()
 * </pre>
 */
public final class ChildJvm {
    /**
     * Every child gets these: English number formats (the tools print with the default locale, and we
     * parse their output) and quiet client logging (INFO lines would cost the child time we measure).
     */
    private static final List<String> COMMON_OPTIONS = List.of(
            "-Duser.language=en", "-Duser.country=US",
            "-Dorg.slf4j.simpleLogger.defaultLogLevel=warn");

    /** Children still running; killed if the bench itself is stopped, so none outlives it. */
    private static final Set<Process> LIVE = ConcurrentHashMap.newKeySet();

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(() -> LIVE.forEach(Process::destroyForcibly), "bench-children-cleanup"));
    }

    private final List<String> launch;
    /** The bench's own {@code java} unless a variant names another JDK's. */
    private Path java = Path.of(System.getProperty("java.home"), "bin", "java");
    private final List<String> jvmOptions = new ArrayList<>(COMMON_OPTIONS);
    private final List<String> args = new ArrayList<>();
    private final Map<String, String> env = new HashMap<>();

    private ChildJvm(List<String> launch) {
        this.launch = launch;
    }

    /** Runs {@code mainClass} on the bench's own classpath (the shaded jar, or the test classpath). */
    public static ChildJvm mainClass(String mainClass) {
        return new ChildJvm(List.of("-cp", System.getProperty("java.class.path"), mainClass));
    }

    /**
     * Runs {@code mainClass} with {@code first} ahead of the bench's own classpath: a bench class on
     * the libraries of one of our jars (the streams pass-through on {@code streams.jar}'s Kafka Streams).
     */
    public static ChildJvm mainClass(String mainClass, Path first) {
        return new ChildJvm(List.of("-cp", first + File.pathSeparator + System.getProperty("java.class.path"), mainClass));
    }

    /** Runs an executable jar, as a user would: {@code java -jar <jar>}. */
    public static ChildJvm jar(Path jar) {
        return new ChildJvm(List.of("-jar", jar.toString()));
    }

    /** Runs on another JDK's {@code java} (e.g. a newer one for its AOT cache); the bytecode stays 17. */
    public ChildJvm java(Path executable) {
        this.java = executable;
        return this;
    }

    public ChildJvm jvmOptions(List<String> options) {
        jvmOptions.addAll(options);
        return this;
    }

    public ChildJvm jvmOption(String option) {
        jvmOptions.add(option);
        return this;
    }

    public ChildJvm args(String... more) {
        args.addAll(List.of(more));
        return this;
    }

    public ChildJvm args(List<String> more) {
        args.addAll(more);
        return this;
    }

    public ChildJvm env(String name, String value) {
        env.put(name, value);
        return this;
    }

    public List<String> command() {
        List<String> command = new ArrayList<>();
        command.add(java.toString());
        command.addAll(jvmOptions);
        command.addAll(launch);
        command.addAll(args);
        return command;
    }

    public ChildProcess start() throws IOException {
        ProcessBuilder builder = new ProcessBuilder(command());
        builder.environment().putAll(env);
        long launchedAt = System.nanoTime();
        Process process = builder.start();
        LIVE.add(process);
        process.onExit().thenRun(() -> LIVE.remove(process));
        return new ChildProcess(process, launchedAt, String.join(" ", args));
    }
}

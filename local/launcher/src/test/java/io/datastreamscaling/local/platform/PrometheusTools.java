package io.datastreamscaling.local.platform;

import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * The {@code prometheus} and {@code promtool} binaries of Debian's {@code prometheus} package, which
 * {@code .ci/run} installs. A test needing one FAILS in CI ({@code CI=true}) when it is missing, and is
 * skipped with the install command elsewhere.
 */
final class PrometheusTools {
    record Result(int exitCode, String output) {
    }

    private PrometheusTools() {
    }

    /**
     * The binary {@code name} on the PATH; fails (CI) or skips the calling test when there is none. Call
     * it per test (in {@code @BeforeEach}): an assumption in {@code @BeforeAll} hides the skipped tests.
     */
    static Path require(String name) {
        Optional<Path> binary = find(name);
        String missing = name + " is not installed: apt-get install -y prometheus (Debian's package has prometheus and promtool)";
        if (binary.isEmpty() && "true".equals(System.getenv("CI"))) {
            fail(missing);
        }
        assumeTrue(binary.isPresent(), missing);
        return binary.orElseThrow();
    }

    /** Runs a command to its end (bounded by {@code timeout}); the output has stdout and stderr merged. */
    static Result run(List<String> command, Path workingDir, Duration timeout) throws IOException, InterruptedException {
        Path output = Files.createTempFile("promtool", ".out");
        try {
            Process process = new ProcessBuilder(command).directory(workingDir.toFile())
                    .redirectErrorStream(true).redirectOutput(output.toFile()).start();
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly().waitFor();
                fail(String.join(" ", command) + " did not finish within " + timeout + ": " + Files.readString(output));
            }
            return new Result(process.exitValue(), Files.readString(output, StandardCharsets.UTF_8));
        } finally {
            Files.deleteIfExists(output);
        }
    }

    static Optional<Path> find(String name) {
        String path = Optional.ofNullable(System.getenv("PATH")).orElse("");
        return Stream.of(path.split(File.pathSeparator)).filter(dir -> !dir.isEmpty())
                .map(dir -> Path.of(dir, name)).filter(Files::isExecutable).findFirst();
    }
}

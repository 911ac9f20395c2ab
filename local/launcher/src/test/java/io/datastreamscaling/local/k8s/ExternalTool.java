package io.datastreamscaling.local.k8s;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * A command-line tool the k8s/ checks run (kubectl, node). In CI ({@code CI=true}) a missing tool fails
 * the test: .ci/run installs them, and a check that skips there would pass without checking anything.
 * Elsewhere the test is skipped with a message that says what to install.
 */
final class ExternalTool {
    private ExternalTool() {
    }

    static void require(String what, boolean available) {
        if (!available && "true".equals(System.getenv("CI"))) {
            throw new AssertionError(what + " is missing in CI: .ci/run installs it");
        }
        assumeTrue(available, what + " is missing: install it (as .ci/run does) to run this check");
    }

    static boolean runs(String... command) {
        try {
            run(null, null, command);
            return true;
        } catch (IOException | AssertionError e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** Runs the command in {@code dir} (or here), feeding it {@code input}; its output, or an AssertionError if it fails. */
    static String run(Path dir, String input, String... command) throws IOException, InterruptedException {
        ProcessBuilder builder = new ProcessBuilder(command);
        if (dir != null) {
            builder.directory(dir.toFile());
        }
        Process process = builder.start();
        // Both streams drained at once, so neither pipe fills and blocks the tool; stderr only for failures.
        CompletableFuture<byte[]> output = CompletableFuture.supplyAsync(() -> readAll(process.getInputStream()));
        CompletableFuture<byte[]> errors = CompletableFuture.supplyAsync(() -> readAll(process.getErrorStream()));
        try (OutputStream stdin = process.getOutputStream()) {
            if (input != null) {
                stdin.write(input.getBytes(StandardCharsets.UTF_8));
            }
        }
        if (!process.waitFor(120, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError(String.join(" ", command) + " did not finish within 120 s");
        }
        String text = new String(output.join(), StandardCharsets.UTF_8);
        if (process.exitValue() != 0) {
            throw new AssertionError(String.join(" ", command) + " exited " + process.exitValue() + ": " + text
                    + new String(errors.join(), StandardCharsets.UTF_8));
        }
        return text;
    }

    private static byte[] readAll(InputStream stream) {
        try {
            return stream.readAllBytes();
        } catch (IOException e) {
            return new byte[0];
        }
    }
}

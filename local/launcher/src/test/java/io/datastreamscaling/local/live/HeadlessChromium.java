package io.datastreamscaling.local.live;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;

/**
 * Debian's {@code chromium} run headless, one page load per call: {@code --dump-dom} for the DOM after
 * the page's scripts ran for a virtual-time budget, {@code --screenshot} for a PNG. A fresh profile
 * each time, and nothing that talks to the network beyond the page itself.
 */
final class HeadlessChromium {
    private static final Duration TIMEOUT = Duration.ofSeconds(90);
    private final Path binary;
    private final Path work;

    private HeadlessChromium(Path binary, Path work) {
        this.binary = binary;
        this.work = work;
    }

    /**
     * The browser on PATH ({@code CHROMIUM} names another). Missing: fails under CI=true (.ci/run
     * installs it there), and skips with the command that installs it elsewhere.
     */
    static HeadlessChromium find(Path work) {
        Optional<Path> binary = Optional.ofNullable(System.getenv("CHROMIUM")).map(Path::of).filter(Files::isExecutable)
                .or(() -> onPath("chromium")).or(() -> onPath("chromium-browser"));
        if (binary.isEmpty()) {
            String message = "no chromium on PATH: install it (Debian: apt-get install -y chromium) or set CHROMIUM";
            if ("true".equals(System.getenv("CI"))) {
                Assertions.fail(message);
            }
            Assumptions.abort(message);
        }
        return new HeadlessChromium(binary.get(), work);
    }

    private static Optional<Path> onPath(String name) {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
            Path candidate = Path.of(dir, name);
            if (Files.isExecutable(candidate)) {
                return Optional.of(candidate);
            }
        }
        return Optional.empty();
    }

    /** The page's DOM after its scripts ran for {@code budget} of virtual time. */
    String dumpDom(String url, Duration budget) throws IOException, InterruptedException {
        return run(List.of("--dump-dom", "--virtual-time-budget=" + budget.toMillis(), url), "dom");
    }

    /** A PNG of the page after {@code budget} of virtual time. */
    void screenshot(String url, Duration budget, Path png) throws IOException, InterruptedException {
        Files.createDirectories(png.getParent());
        run(List.of("--screenshot=" + png.toAbsolutePath(), "--window-size=1400,1050",
                "--virtual-time-budget=" + budget.toMillis(), url), "screenshot");
        Assertions.assertTrue(Files.size(png) > 10_000, "chromium wrote a screenshot of the page: " + png);
    }

    private String run(List<String> arguments, String name) throws IOException, InterruptedException {
        Path profile = Files.createTempDirectory(work, "chromium-profile-");
        List<String> command = new ArrayList<>(List.of(binary.toString(),
                "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--disable-dev-shm-usage", "--hide-scrollbars", "--user-data-dir=" + profile));
        command.addAll(arguments);
        Path stdout = work.resolve(name + ".out");
        Path stderr = work.resolve(name + ".err");
        Process process = new ProcessBuilder(command).redirectOutput(stdout.toFile()).redirectError(stderr.toFile()).start();
        if (!process.waitFor(TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
            process.destroyForcibly();
            Assertions.fail("chromium did not finish within " + TIMEOUT.toSeconds() + " s: " + command);
        }
        String out = Files.readString(stdout, StandardCharsets.UTF_8);
        Assertions.assertEquals(0, process.exitValue(), () -> "chromium " + arguments + " failed:\n"
                + readQuietly(stderr));
        return out;
    }

    private static String readQuietly(Path file) {
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "(no stderr: " + e + ")";
        }
    }
}

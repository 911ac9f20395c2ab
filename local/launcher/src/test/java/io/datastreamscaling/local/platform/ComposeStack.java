package io.datastreamscaling.local.platform;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/**
 * The repository's Compose files run by a real Compose implementation against a real container
 * runtime: docker-compose against podman's Docker API (DOCKER_HOST), as .ci/run sets it up.
 *
 * <p>Two things stand in for what this machine lacks, and the stack test prints both:
 * <ul>
 *   <li>Compose v1 (docker-compose 1.29, the one Debian packages) refuses the top-level {@code name:};
 *       the files are run from a copy without that line and a project name given as {@code -p}, which
 *       changes no meaning (relative paths still resolve against {@code docker/}).</li>
 *   <li>podman schedules health checks with systemd timers, and there is no systemd: a thread runs
 *       {@code podman healthcheck run} for the project's containers, as the Docker daemon would at each
 *       check's interval (see {@link #runHealthChecks()}).</li>
 * </ul>
 */
final class ComposeStack implements AutoCloseable {
    /** The {@code name:} of docker/compose.yaml. */
    static final String PROJECT = "datastreamscaling";
    static final Duration COMMAND_TIMEOUT = Duration.ofMinutes(6);
    static final Duration START_TIMEOUT = Duration.ofMinutes(4);
    private static final long HEALTH_TICK_SECONDS = 3;
    /** The services' and brokers' {@code interval} in docker/compose.yaml (PostgreSQL and ClickHouse: 5 s). */
    private static final Duration HEALTHY_PROBE_INTERVAL = Duration.ofSeconds(10);
    /** The timeline's zero: when the first stack test class loaded this one. */
    private static final long CLASS_STARTED = System.nanoTime();

    private final String project;
    private final List<String> files = new ArrayList<>();
    private final Map<String, String> environment;
    /** When each container was last probed (System.nanoTime), touched by the health ticker's thread only. */
    private final Map<String, Long> lastProbe = new HashMap<>();
    private final Path docker = StackFiles.ROOT.resolve("docker");
    private final ScheduledExecutorService healthTicker = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "podman-healthchecks");
        t.setDaemon(true);
        return t;
    });

    /**
     * @param project      the Compose project: its containers, network and volumes are named after it,
     *                     so two stacks of different projects never share one
     * @param environment  the compose files' variables, the host ports above all ({@link #hostPort})
     * @param composeFiles relative to the repository, in Compose's -f order
     */
    ComposeStack(Path work, String project, Map<String, String> environment, String... composeFiles) {
        this.project = project;
        this.environment = new TreeMap<>(environment);
        this.environment.putIfAbsent("DOCKER_HOST", System.getenv().getOrDefault("DOCKER_HOST", "unix:///run/podman/podman.sock"));
        try {
            for (int i = 0; i < composeFiles.length; i++) {
                String text = Files.readString(StackFiles.ROOT.resolve(composeFiles[i]), StandardCharsets.UTF_8);
                String rendered = text.replaceFirst("(?m)^name: " + PROJECT + "\\R", "");
                Path copy = work.resolve(i + "-" + Path.of(composeFiles[i]).getFileName());
                Files.writeString(copy, rendered, StandardCharsets.UTF_8);
                files.add(copy.toString());
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        healthTicker.scheduleWithFixedDelay(this::runHealthChecks, 0, HEALTH_TICK_SECONDS, TimeUnit.SECONDS);
    }

    /** {@code docker-compose <args>}: fails with the command's output unless it exits 0 in time. */
    String compose(String... args) {
        List<String> command = new ArrayList<>(List.of("docker-compose", "--ansi", "never", "-p", project, "--project-directory", docker.toString()));
        files.forEach(f -> command.addAll(List.of("-f", f)));
        command.addAll(List.of(args));
        long started = System.nanoTime();
        String out = run(command, COMMAND_TIMEOUT);
        log(project + ": docker-compose " + String.join(" ", args), started);
        return out;
    }

    /**
     * One line of the stack test's timeline: time of day, seconds since the stack tests began, the step
     * and how long it took, so that a failure's output shows which step was slow and what came before.
     */
    static void log(String step, long startedNanos) {
        long now = System.nanoTime();
        System.out.printf("[stack] %s +%6.1f s  %-60s %5.1f s%n", LocalTime.now().withNano(0),
                (now - CLASS_STARTED) / 1e9, step, (now - startedNanos) / 1e9);
    }

    void up(List<String> services) {
        List<String> args = new ArrayList<>(List.of("up", "-d"));
        args.addAll(services);
        try {
            compose(args.toArray(String[]::new));
        } catch (AssertionError e) {
            throw new AssertionError(e.getMessage() + failedOneShots(services), e);
        }
    }

    /**
     * The last lines of every container among {@code services} that exited with an error: Compose
     * says only "exited with code 1" when a one-shot a service depends on (kafka-init) fails, and the
     * container, with its log, is gone once the test class removes the stack.
     */
    private String failedOneShots(List<String> services) {
        StringBuilder logs = new StringBuilder();
        for (String service : services) {
            try {
                String state = health(service);
                if (state.startsWith("exited(") && !state.equals("exited(0)")) {
                    logs.append("\n--- ").append(container(service)).append(", ").append(state).append(", its last lines:\n")
                            .append(run(List.of("podman", "logs", "--tail", "40", container(service)), Duration.ofSeconds(30)));
                }
            } catch (RuntimeException | AssertionError notThere) {
                // never created: nothing to show
            }
        }
        return logs.toString();
    }

    /** The container's health as the runtime reports it, its state when it has no health check. */
    String health(String service) {
        String out = run(List.of("podman", "inspect", "--format", "{{.State.Status}} {{.State.ExitCode}} {{.State.Health.Status}}",
                container(service)), Duration.ofSeconds(30)).strip();
        String[] parts = out.split(" ");
        return parts.length > 2 && !parts[2].isBlank() ? parts[2] : parts[0] + "(" + parts[1] + ")";
    }

    /**
     * Waits until every one of {@code services} is healthy, a one-shot ({@code *-init}) exited 0;
     * fails naming each one's state otherwise.
     */
    void awaitHealthy(List<String> services) {
        long started = System.nanoTime();
        Map<String, String> states = new TreeMap<>();
        until(START_TIMEOUT, () -> {
            states.clear();
            services.forEach(s -> states.put(s, health(s)));
            return states.entrySet().stream().allMatch(e -> e.getValue().equals(e.getKey().endsWith("-init") ? "exited(0)" : "healthy"));
        }, () -> "every container healthy (a one-shot exited 0): " + states);
        log(project + ": healthy: " + String.join(" ", services), started);
    }

    /** The brokers mount the JMX exporter agent from docker/kafka and fail at start without it. */
    static void assertBrokerAgentPresent() {
        Path agent = StackFiles.ROOT.resolve("docker/kafka/jmx_prometheus_javaagent.jar");
        if (!Files.isRegularFile(agent)) {
            throw new AssertionError(agent + " is missing (the brokers mount it and fail at start without it):"
                    + " run docker/images/build.sh, or ./mvnw -f docker/images/kafka/pom.xml package");
        }
    }

    String container(String service) {
        return project + "_" + service + "_1";
    }

    String project() {
        return project;
    }

    /** The host port a compose file's port variable (e.g. {@code PRODUCER_PORT}) gives, its default unless set. */
    String hostPort(String variable, int defaultPort) {
        return environment.getOrDefault(variable, Integer.toString(defaultPort));
    }

    /** The brokers' external listeners as the host reaches them (each advertises its BROKER_n_PORT). */
    String bootstrapServers() {
        return "localhost:" + hostPort("BROKER_1_PORT", 19092) + ",localhost:" + hostPort("BROKER_2_PORT", 29092)
                + ",localhost:" + hostPort("BROKER_3_PORT", 39092);
    }

    /** The stack a test class starts from: nothing left of an earlier run (containers, volumes), then {@code services} up. */
    void startFresh(List<String> services) {
        compose("down", "-v", "--remove-orphans");
        up(services);
    }

    /** Removes the stack's containers and volumes, then stops running health checks. */
    @Override
    public void close() {
        try {
            compose("down", "-v", "--remove-orphans");
        } finally {
            healthTicker.shutdownNow();
        }
    }

    /**
     * Polls {@code condition} once a second until it holds or {@code timeout} passes; a condition that
     * throws (a service restarting) counts as not yet, and the last such error is in the failure.
     */
    static void until(Duration timeout, BooleanSupplier condition, Supplier<String> whatWasAwaited) {
        long started = System.nanoTime();
        long deadline = started + timeout.toNanos();
        Throwable lastError = null;
        while (true) {
            try {
                if (condition.getAsBoolean()) {
                    if (System.nanoTime() - started > 1_000_000_000L) { // instant checks stay off the timeline
                        log("awaited at " + StackWalker.getInstance().walk(frames -> frames
                                .filter(f -> !f.getMethodName().startsWith("until")).findFirst()
                                .map(f -> f.getFileName() + ":" + f.getLineNumber()).orElse("?")), started);
                    }
                    return;
                }
            } catch (RuntimeException | AssertionError e) {
                lastError = e;
            }
            if (System.nanoTime() > deadline) {
                String awaited;
                try {
                    awaited = whatWasAwaited.get();
                } catch (RuntimeException | AssertionError e) {
                    awaited = "(" + e + ")";
                }
                throw new AssertionError("not within " + timeout.toSeconds() + " s: " + awaited
                        + (lastError == null ? "" : "; last error: " + lastError), lastError);
            }
            try {
                Thread.sleep(1000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted while waiting for: " + whatWasAwaited.get(), e);
            }
        }
    }

    /**
     * A container not yet healthy is probed at every tick, so a service counts as up within seconds of
     * being ready; a healthy one at the compose files' own interval, as the Docker daemon would. Not
     * faster ticks: each failed probe after a broker's start_period counts towards its 12 retries, and
     * compose gives up on a dependency once it is unhealthy (2 s ticks did that to a secure broker still
     * starting at load 60: 30 s + 12 x 2 s; Docker itself waits 30 s + 12 x 10 s). Each
     * probe is a {@code podman healthcheck run}, a process and an exec into the container of about
     * 0.1 s of CPU (podman's side alone) and 0.6 s of wall time here: a dozen healthy containers probed
     * every 3 s kept about 0.4 of a core busy for nothing. A healthy status never outlives a restart:
     * podman resets it to starting when a container starts.
     */
    private void runHealthChecks() {
        try {
            String lines = run(List.of("podman", "ps", "--filter", "label=com.docker.compose.project=" + project,
                    "--format", "{{.Names}}\t{{.Status}}"), Duration.ofSeconds(30));
            long now = System.nanoTime();
            for (String line : lines.strip().split("\\R")) {
                String[] nameAndStatus = line.split("\t", 2);
                if (nameAndStatus[0].isBlank()) {
                    continue;
                }
                String name = nameAndStatus[0];
                // "Up 2 minutes (healthy)"; a container without a health check (a one-shot) fails its probe harmlessly.
                boolean healthy = nameAndStatus.length == 2 && nameAndStatus[1].contains("(healthy)");
                Long last = lastProbe.get(name);
                if (!healthy || last == null || now - last >= HEALTHY_PROBE_INTERVAL.toNanos()) {
                    lastProbe.put(name, now);
                    runQuietly(List.of("podman", "healthcheck", "run", name));
                }
            }
        } catch (RuntimeException | AssertionError e) {
            // the next tick tries again: a container may be gone between ps and healthcheck run
        }
    }

    private void runQuietly(List<String> command) {
        try {
            Process p = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            if (!p.waitFor(30, TimeUnit.SECONDS)) {
                p.destroyForcibly();
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private String run(List<String> command, Duration timeout) {
        try {
            Path output = Files.createTempFile("compose", ".out");
            try {
                ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(output.toFile());
                builder.environment().putAll(environment);
                Process p = builder.start();
                if (!p.waitFor(timeout.toSeconds(), TimeUnit.SECONDS)) {
                    p.destroyForcibly();
                    throw new AssertionError(String.join(" ", command) + " did not finish within " + timeout.toSeconds()
                            + " s:\n" + Files.readString(output, StandardCharsets.UTF_8));
                }
                String text = Files.readString(output, StandardCharsets.UTF_8);
                if (p.exitValue() != 0) {
                    throw new AssertionError(String.join(" ", command) + " exited " + p.exitValue() + ":\n" + text);
                }
                return text;
            } finally {
                Files.deleteIfExists(output);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted: " + command, e);
        }
    }
}

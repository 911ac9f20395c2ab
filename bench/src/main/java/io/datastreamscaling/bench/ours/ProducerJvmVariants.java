package io.datastreamscaling.bench.ours;

import io.datastreamscaling.bench.contender.RoundContext;
import io.datastreamscaling.bench.footprint.JvmVariant;
import io.datastreamscaling.bench.footprint.VariantFootprint;
import io.datastreamscaling.bench.process.ChildJvm;
import io.datastreamscaling.bench.process.ChildProcess;
import io.datastreamscaling.bench.process.ProcessRss;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * Our producer launched each of several ways in one run, for before/after pairs of start-up and
 * memory: first one training run per variant with an archive (launch, first acknowledged order,
 * a few more seconds of work, SIGTERM: the JVM writes the archive as it exits), then the measured
 * launches, the variants alternating ({@code default cds small …}, again, …), each on a fresh topic
 * at 1 order/s: launch → first acknowledged order, CPU time by then, RSS after {@code rssAfter} (or right after
 * the first order, on a machine so starved that it came later).
 */
public final class ProducerJvmVariants {
    /** Work after the first acknowledged order that the archive should cover (HTTP answers, the first metrics). */
    private static final Duration TRAINING_AFTER_FIRST_ORDER = Duration.ofSeconds(3);
    /** JDK 25 assembles its AOT cache in a second JVM at exit: allow for that on a busy machine. */
    private static final Duration TRAINING_EXIT = Duration.ofMinutes(3);

    private static final Duration FIRST_ORDER_TIMEOUT = Duration.ofMinutes(2);

    /** A fresh topic per launch. */
    public interface Topics {
        RoundContext fresh() throws Exception;
    }

    private final OurServices services;
    private final PrintStream progress;

    public ProducerJvmVariants(OurServices services, PrintStream progress) {
        this.services = services;
        this.progress = progress;
    }

    public List<VariantFootprint> measure(List<JvmVariant> variants, Topics topics, Path workDir, int launches, Duration rssAfter)
            throws Exception {
        Map<JvmVariant, Path> archives = new LinkedHashMap<>();
        Map<JvmVariant, String> archiveState = new LinkedHashMap<>();
        for (JvmVariant variant : variants) {
            if (variant.archive() == JvmVariant.Archive.NONE) {
                archiveState.put(variant, "none");
                continue;
            }
            Path file = workDir.resolve("producer-" + variant.name() + (variant.archive() == JvmVariant.Archive.AOT_CACHE ? ".aot" : ".jsa"));
            archiveState.put(variant, train(variant, file, topics.fresh()));
            archives.put(variant, file);
        }
        Map<JvmVariant, List<Long>> starts = new LinkedHashMap<>();
        Map<JvmVariant, List<Long>> cpus = new LinkedHashMap<>();
        Map<JvmVariant, List<Double>> rss = new LinkedHashMap<>();
        for (int launch = 1; launch <= launches; launch++) {
            for (JvmVariant variant : variants) {
                RoundContext round = topics.fresh();
                ChildJvm jvm = producer(variant, round).jvmOptions(variant.launchFlags(archives.get(variant)));
                try (ChildProcess child = jvm.start()) {
                    // On a starved machine the first order can come after rssAfter: RSS is then read at once after it.
                    Optional<ChildProcess.Line> first = child.awaitFirst(ServiceLines.FIRST_ACKNOWLEDGED, max(rssAfter, FIRST_ORDER_TIMEOUT));
                    OptionalLong cpu = ProcessRss.cpuMillis(child.pid());
                    long startMs = first.map(l -> Duration.ofNanos(l.arrivedNanos() - child.launchedNanos()).toMillis()).orElse(-1L);
                    if (child.exitsWithin(rssAfter.minus(child.sinceLaunch()))) {
                        throw new IllegalStateException("producer (" + variant.name() + ") exited before its RSS could be read"
                                + "\nlast stderr lines:\n" + child.stderrTail() + "\nlast stdout lines:\n" + child.stdoutTail());
                    }
                    double rssMiB = ProcessRss.bytes(child.pid()).orElse(-1) / (1024.0 * 1024.0);
                    starts.computeIfAbsent(variant, v -> new ArrayList<>()).add(startMs);
                    cpus.computeIfAbsent(variant, v -> new ArrayList<>()).add(cpu.orElse(-1));
                    rss.computeIfAbsent(variant, v -> new ArrayList<>()).add(rssMiB);
                    progress.printf(Locale.ROOT, "         jvm variant %-10s launch %d: first order acknowledged after %,d ms (%,d ms CPU),"
                            + " RSS %.1f MiB after %d s%n", variant.name(), launch, startMs, cpu.orElse(-1), rssMiB, rssAfter.toSeconds());
                }
            }
        }
        List<VariantFootprint> results = new ArrayList<>();
        for (JvmVariant variant : variants) {
            results.add(new VariantFootprint(variant.name(), variant.commandLine(), archiveState.get(variant), (int) rssAfter.toSeconds(),
                    starts.get(variant), cpus.get(variant), rss.get(variant)));
        }
        return results;
    }

    /** One training run writing {@code file}; says what it left (the archive's size, or why there is none). */
    private String train(JvmVariant variant, Path file, RoundContext round) throws Exception {
        Files.deleteIfExists(file);
        long started = System.nanoTime();
        try (ChildProcess child = producer(variant, round).jvmOptions(variant.trainingFlags(file)).start()) {
            if (child.awaitLine(ServiceLines.FIRST_ACKNOWLEDGED, FIRST_ORDER_TIMEOUT).isEmpty()) {
                return "training run never acknowledged an order: " + child.stderrTail();
            }
            Thread.sleep(TRAINING_AFTER_FIRST_ORDER.toMillis());
            child.stop(TRAINING_EXIT);
            if (!Files.isRegularFile(file)) {
                // One line: it lands in a table cell.
                String why = (child.stderrTail() + " " + child.stdoutTail()).replaceAll("\\s+", " ");
                return "training run wrote no archive: " + why.substring(Math.max(0, why.length() - 400));
            }
        }
        String state = String.format(Locale.ROOT, "%s, %.1f MiB, trained in %.1f s", variant.archive() == JvmVariant.Archive.AOT_CACHE
                ? "AOT cache" : "dynamic CDS archive", Files.size(file) / (1024.0 * 1024.0), (System.nanoTime() - started) / 1e9);
        progress.printf("         jvm variant %-10s %s%n", variant.name(), state);
        return state;
    }

    private static Duration max(Duration a, Duration b) {
        return a.compareTo(b) >= 0 ? a : b;
    }

    private ChildJvm producer(JvmVariant variant, RoundContext round) {
        return services.producer(round.bootstrapServers(), round.topic(), "1", 0).java(variant.java());
    }
}

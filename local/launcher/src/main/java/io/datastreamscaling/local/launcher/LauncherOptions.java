package io.datastreamscaling.local.launcher;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

/**
 * Command-line options of the all-in-one launcher.
 *
 * <pre>
 *   --duration N        run N seconds, stop the producer, drain the consumer, print the summary, exit 0
 *   --rate R            orders per second from the generator, or "max" (sets PRODUCER_RATE)
 *   --data-dir DIR      where the embedded broker keeps its data (default data/kafka; survives restarts)
 *   --wipe              start from an empty broker
 *   --kafka-port P      the broker's client port (default 9092)
 *   --ephemeral-ports   any free HTTP ports instead of 8081/8082/8083 (tests, or a busy machine)
 *   --no-streams        do not start the Kafka Streams app
 *   --status-every S    seconds between status lines (default 2)
 *   --verify            with --duration: record every acknowledged order and, after draining, check the
 *                       orders topic holds each exactly once (missing/duplicated in the summary; exit 1 if not)
 * </pre>
 */
record LauncherOptions(
        Optional<Duration> duration,
        Optional<String> rate,
        Path dataDir,
        boolean wipe,
        int kafkaPort,
        boolean ephemeralPorts,
        boolean streams,
        Duration statusEvery,
        Duration drainTimeout,
        boolean verify) {

    static LauncherOptions parse(String... args) {
        Optional<Duration> duration = Optional.empty();
        Optional<String> rate = Optional.empty();
        Path dataDir = Path.of("data", "kafka");
        boolean wipe = false;
        int kafkaPort = 9092;
        boolean ephemeral = false;
        boolean streams = true;
        Duration statusEvery = Duration.ofSeconds(2);
        Duration drainTimeout = Duration.ofSeconds(60);
        boolean verify = false;
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            switch (arg) {
                case "--duration" -> duration = Optional.of(Duration.ofSeconds(positive(arg, value(args, ++i, arg))));
                case "--rate" -> rate = Optional.of(value(args, ++i, arg));
                case "--data-dir" -> dataDir = Path.of(value(args, ++i, arg));
                case "--wipe" -> wipe = true;
                case "--kafka-port" -> kafkaPort = (int) positive(arg, value(args, ++i, arg));
                case "--ephemeral-ports" -> ephemeral = true;
                case "--no-streams" -> streams = false;
                case "--status-every" -> statusEvery = Duration.ofSeconds(positive(arg, value(args, ++i, arg)));
                case "--drain-timeout" -> drainTimeout = Duration.ofSeconds(positive(arg, value(args, ++i, arg)));
                case "--verify" -> verify = true;
                default -> throw new IllegalArgumentException("unknown option " + arg + " (see the README for the options)");
            }
        }
        if (verify && duration.isEmpty()) {
            throw new IllegalArgumentException("--verify needs --duration: the check runs once the timed run has drained");
        }
        return new LauncherOptions(duration, rate, dataDir, wipe, kafkaPort, ephemeral, streams, statusEvery, drainTimeout, verify);
    }

    private static String value(String[] args, int index, String option) {
        if (index >= args.length) {
            throw new IllegalArgumentException(option + " needs a value");
        }
        return args[index];
    }

    private static long positive(String option, String text) {
        try {
            long value = Long.parseLong(text);
            if (value > 0) {
                return value;
            }
        } catch (NumberFormatException ignored) {
            // reported below
        }
        throw new IllegalArgumentException(option + " needs a positive whole number, got '" + text + "'");
    }
}

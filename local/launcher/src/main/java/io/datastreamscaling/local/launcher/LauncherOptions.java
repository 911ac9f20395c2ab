package io.datastreamscaling.local.launcher;

import io.datastreamscaling.local.chaos.ChaosSchedule;
import io.datastreamscaling.local.live.LivePage;
import io.datastreamscaling.local.scaling.live.LoadProfile;
import io.datastreamscaling.local.scaling.live.ScalingRunOptions;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.Set;

/**
 * Command-line options of the all-in-one launcher, as {@code --help} prints them from
 * {@code usage.txt} beside this class (one text for the code and the terminal).
 */
record LauncherOptions(
        Optional<Duration> duration,
        Optional<String> rate,
        Path dataDir,
        boolean wipe,
        int kafkaPort,
        boolean postgres,
        int postgresPort,
        boolean ephemeralPorts,
        boolean streams,
        Duration statusEvery,
        Duration drainTimeout,
        boolean verify,
        Optional<ScalingRunOptions> scale,
        boolean chaos,
        long chaosSeed) {

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
        boolean scale = false;
        Optional<Boolean> postgres = Optional.empty();
        int postgresPort = DEFAULT_POSTGRES_PORT;
        LoadProfile profile = LoadProfile.defaults();
        boolean scaleOnlyOption = false;
        boolean verify = false;
        boolean chaos = false;
        Optional<Long> chaosSeed = Optional.empty();
        boolean warmUpGiven = false;
        boolean burstGiven = false;
        boolean coolDownGiven = false;
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
                case "--scale" -> scale = true;
                case "--sink" -> postgres = Optional.of(sink(value(args, ++i, arg)));
                case "--pg-port" -> postgresPort = port(arg, value(args, ++i, arg));
                case "--steady-rate" -> profile = new LoadProfile(value(args, ++i, arg), profile.burstRate(),
                        profile.warmUp(), profile.burst(), profile.coolDown());
                case "--burst-rate" -> profile = new LoadProfile(profile.steadyRate(), value(args, ++i, arg),
                        profile.warmUp(), profile.burst(), profile.coolDown());
                case "--warm-up" -> profile = new LoadProfile(profile.steadyRate(), profile.burstRate(),
                        seconds(arg, value(args, ++i, arg)), profile.burst(), profile.coolDown());
                case "--burst" -> profile = new LoadProfile(profile.steadyRate(), profile.burstRate(),
                        profile.warmUp(), seconds(arg, value(args, ++i, arg)), profile.coolDown());
                case "--cool-down" -> profile = new LoadProfile(profile.steadyRate(), profile.burstRate(),
                        profile.warmUp(), profile.burst(), Optional.of(seconds(arg, value(args, ++i, arg))));
                case "--verify" -> verify = true;
                case "--chaos" -> chaos = true;
                case "--chaos-seed" -> chaosSeed = Optional.of(nonNegative(arg, value(args, ++i, arg)));
                default -> throw new IllegalArgumentException("unknown option " + arg);
            }
            scaleOnlyOption |= SCALE_ONLY.contains(arg);
            warmUpGiven |= arg.equals("--warm-up");
            burstGiven |= arg.equals("--burst");
            coolDownGiven |= arg.equals("--cool-down");
        }
        if (scaleOnlyOption && !scale) {
            throw new IllegalArgumentException("options " + SCALE_ONLY + " apply to --scale only");
        }
        if (scale && rate.isPresent()) {
            throw new IllegalArgumentException("--scale plays its own load profile: use --steady-rate and --burst-rate instead of --rate");
        }
        if (scale && duration.isPresent()) {
            profile = fitted(profile, duration.get(), warmUpGiven, burstGiven, coolDownGiven);
        }
        if (chaosSeed.isPresent() && !chaos) {
            throw new IllegalArgumentException("--chaos-seed applies to --chaos only");
        }
        if (chaos && duration.isEmpty()) {
            throw new IllegalArgumentException("--chaos needs --duration: the faults are planned over the run, which ends with a check");
        }
        if (chaos && duration.get().compareTo(ChaosSchedule.MINIMUM_DURATION) < 0) {
            throw new IllegalArgumentException("--chaos needs --duration of at least " + ChaosSchedule.MINIMUM_DURATION.toSeconds()
                    + " s (one of each fault, with time to recover)");
        }
        if (chaos && !scale && rate.isEmpty()) {
            rate = Optional.of(CHAOS_DEFAULT_RATE);
        }
        if (chaos && postgres.isPresent() && !postgres.get()) {
            throw new IllegalArgumentException("--chaos cuts the database and checks the orders table: it needs the postgres sink, not --sink log");
        }
        long seed = chaosSeed.orElseGet(ChaosSchedule::freshSeed);
        Optional<ScalingRunOptions> scaling = scale
                ? Optional.of(new ScalingRunOptions(dataDir, kafkaPort, statusEvery, drainTimeout, postgres.orElse(true), profile,
                        ephemeral ? 0 : LivePage.DEFAULT_PORT, chaos, seed, streams))
                : Optional.empty();
        if (verify && duration.isEmpty()) {
            throw new IllegalArgumentException("--verify needs --duration: the check runs once the timed run has drained");
        }
        return new LauncherOptions(duration, rate, dataDir, wipe, kafkaPort, postgres.orElse(true), postgresPort, ephemeral,
                streams, statusEvery, drainTimeout, verify || chaos, scaling, chaos, seed);
    }

    /**
     * {@code --scale --duration N}: the profile ends at N seconds. Warm-up and burst take a quarter and a
     * fifth of it unless given; the cool-down is what remains, so it cannot be given as well.
     */
    static LoadProfile fitted(LoadProfile profile, Duration duration, boolean warmUpGiven, boolean burstGiven, boolean coolDownGiven) {
        if (coolDownGiven) {
            throw new IllegalArgumentException("--scale --duration fits the cool-down to the duration: drop --cool-down or --duration");
        }
        Duration warmUp = warmUpGiven ? profile.warmUp() : Duration.ofMillis(duration.toMillis() / 4);
        Duration burst = burstGiven ? profile.burst() : Duration.ofMillis(duration.toMillis() / 5);
        Duration coolDown = duration.minus(warmUp).minus(burst);
        if (coolDown.compareTo(Duration.ofSeconds(1)) < 0) {
            throw new IllegalArgumentException("--duration " + duration.toSeconds() + " s leaves no cool-down after --warm-up "
                    + warmUp.toSeconds() + " s and --burst " + burst.toSeconds() + " s");
        }
        return new LoadProfile(profile.steadyRate(), profile.burstRate(), warmUp, burst, Optional.of(coolDown));
    }

    /** --chaos without --rate: enough orders that a kill lands mid-batch and a cut mid-transaction. */
    static final String CHAOS_DEFAULT_RATE = "200";

    /** Not 5432: a PostgreSQL installed on the machine usually has that one. */
    static final int DEFAULT_POSTGRES_PORT = 5433;

    private static final Set<String> SCALE_ONLY =
            Set.of("--steady-rate", "--burst-rate", "--warm-up", "--burst", "--cool-down");

    /** The embedded PostgreSQL's data: inside the launcher's data directory, so --wipe clears it with the broker's. */
    Path postgresDataDir() {
        return dataDir.resolve("postgres");
    }

    private static int port(String option, String text) {
        long port = positive(option, text);
        if (port > 65_535) {
            throw new IllegalArgumentException(option + " needs a port number up to 65535, got '" + text + "'");
        }
        return (int) port;
    }

    private static boolean sink(String name) {
        return switch (name) {
            case "log" -> false;
            case "postgres" -> true;
            default -> throw new IllegalArgumentException("--sink is log or postgres, got '" + name + "'");
        };
    }

    private static Duration seconds(String option, String text) {
        return Duration.ofSeconds(positive(option, text));
    }

    private static String value(String[] args, int index, String option) {
        if (index >= args.length) {
            throw new IllegalArgumentException(option + " needs a value");
        }
        return args[index];
    }

    private static long nonNegative(String option, String text) {
        try {
            long value = Long.parseLong(text);
            if (value >= 0) {
                return value;
            }
        } catch (NumberFormatException ignored) {
            // reported below
        }
        throw new IllegalArgumentException(option + " needs a whole number of 0 or more, got '" + text + "'");
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

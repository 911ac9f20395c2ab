package io.datastreamscaling.bench.scaling;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Options of {@link ConsumerScalingBench}.
 *
 * <pre>
 *   --instances 1,2,4          group sizes to measure, in order (each a fresh group and database)
 *   --partitions 12            partitions of the pre-filled topic (the cap on useful instances)
 *   --records 100000           orders pre-filled, each read once per group size
 *   --consumer-jar PATH        the consumer service (default consumer/target/consumer.jar)
 *   --timeout-seconds 600      per group size
 * </pre>
 * PostgreSQL: {@code DB_URL} (a database to connect to for CREATE DATABASE; default
 * {@code jdbc:postgresql://127.0.0.1:5432/postgres}), {@code DB_USER}, {@code DB_PASSWORD}.
 */
record ScalingBenchOptions(List<Integer> instances, int partitions, int records, Path consumerJar, int timeoutSeconds) {

    static ScalingBenchOptions parse(String... args) {
        List<Integer> instances = List.of(1, 2, 4);
        int partitions = 12;
        int records = 100_000;
        Path jar = Path.of("consumer", "target", "consumer.jar");
        int timeout = 600;
        for (int i = 0; i < args.length; i++) {
            String option = args[i];
            if (i + 1 >= args.length) {
                throw new IllegalArgumentException(option + " needs a value");
            }
            String value = args[++i];
            switch (option) {
                case "--instances" -> instances = counts(value);
                case "--partitions" -> partitions = positive(option, value);
                case "--records" -> records = positive(option, value);
                case "--consumer-jar" -> jar = Path.of(value);
                case "--timeout-seconds" -> timeout = positive(option, value);
                default -> throw new IllegalArgumentException("unknown option " + option);
            }
        }
        return new ScalingBenchOptions(instances, partitions, records, jar, timeout);
    }

    private static List<Integer> counts(String text) {
        List<Integer> counts = new ArrayList<>();
        for (String part : text.split(",")) {
            counts.add(positive("--instances", part.trim()));
        }
        return List.copyOf(counts);
    }

    private static int positive(String option, String text) {
        try {
            int value = Integer.parseInt(text);
            if (value > 0) {
                return value;
            }
        } catch (NumberFormatException ignored) {
            // reported below
        }
        throw new IllegalArgumentException(option + " needs a positive whole number, got '" + text + "'");
    }
}

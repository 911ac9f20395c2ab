package io.datastreamscaling.shared.config;

import java.io.IOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Collections;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentSkipListMap;

/**
 * Typed access to configuration variables with laptop defaults.
 *
 * <p>Every read is recorded, so a service can log its effective configuration (secrets masked) once
 * it has read everything. A value that does not parse throws {@link InvalidSettingException} naming
 * the variable: start-up stops with one line instead of a stack trace from deep inside a client.
 * Services receive an {@code Env} rather than calling {@code System.getenv}, so the all-in-one
 * launcher and the tests can run several services with different settings in one JVM.
 */
public final class Env {
    private final Map<String, String> values;
    private final Map<String, String> effective = new ConcurrentSkipListMap<>();

    private Env(Map<String, String> values) {
        this.values = values;
    }

    /** The process environment. */
    public static Env system() {
        return new Env(System.getenv());
    }

    public static Env of(Map<String, String> values) {
        return new Env(Map.copyOf(values));
    }

    /** This environment with some variables replaced or added. */
    public Env with(Map<String, String> overrides) {
        Map<String, String> merged = new HashMap<>(values);
        merged.putAll(overrides);
        return new Env(Collections.unmodifiableMap(merged));
    }

    public Env with(String name, String value) {
        return with(Map.of(name, value));
    }

    /** All raw variables (for pass-through scanning). */
    Map<String, String> raw() {
        return values;
    }

    public Optional<String> optional(String name) {
        String value = values.get(name);
        if (value == null || value.isBlank()) {
            return Optional.empty();
        }
        effective.put(name, value.trim());
        return Optional.of(value.trim());
    }

    public String string(String name, String defaultValue) {
        String value = optional(name).orElse(defaultValue);
        effective.put(name, value);
        return value;
    }

    public String required(String name) {
        return optional(name).orElseThrow(() -> new InvalidSettingException(name, "is required but not set"));
    }

    public int integer(String name, int defaultValue, int min, int max) {
        String text = string(name, Integer.toString(defaultValue));
        int value;
        try {
            value = Integer.parseInt(text);
        } catch (NumberFormatException e) {
            throw new InvalidSettingException(name, "'" + text + "' is not a whole number");
        }
        if (value < min || value > max) {
            throw new InvalidSettingException(name, value + " is outside " + min + ".." + max);
        }
        return value;
    }

    public long longValue(String name, long defaultValue, long min, long max) {
        String text = string(name, Long.toString(defaultValue));
        long value;
        try {
            value = Long.parseLong(text);
        } catch (NumberFormatException e) {
            throw new InvalidSettingException(name, "'" + text + "' is not a whole number");
        }
        if (value < min || value > max) {
            throw new InvalidSettingException(name, value + " is outside " + min + ".." + max);
        }
        return value;
    }

    /** A duration in milliseconds; the variable name should end in {@code _MS}. */
    public Duration millis(String name, Duration defaultValue, Duration min, Duration max) {
        return Duration.ofMillis(longValue(name, defaultValue.toMillis(), min.toMillis(), max.toMillis()));
    }

    public BigDecimal decimal(String name, BigDecimal defaultValue) {
        String text = string(name, defaultValue.toPlainString());
        try {
            return new BigDecimal(text);
        } catch (NumberFormatException e) {
            throw new InvalidSettingException(name, "'" + text + "' is not a decimal number");
        }
    }

    public boolean bool(String name, boolean defaultValue) {
        String text = string(name, Boolean.toString(defaultValue)).toLowerCase(Locale.ROOT);
        return switch (text) {
            case "true", "yes", "1", "on" -> true;
            case "false", "no", "0", "off" -> false;
            default -> throw new InvalidSettingException(name, "'" + text + "' is not true or false");
        };
    }

    /** One of a fixed set of words, case-insensitive; the error lists the allowed words. */
    public String choice(String name, String defaultValue, Set<String> allowed) {
        String text = string(name, defaultValue).toLowerCase(Locale.ROOT);
        if (!allowed.contains(text)) {
            throw new InvalidSettingException(name, "'" + text + "' is not one of " + String.join(", ", new TreeSet<>(allowed)));
        }
        return text;
    }

    /**
     * A secret: the variable itself, or the contents of the file named by {@code NAME_FILE}
     * (how Kubernetes and Compose mount secrets). Never logged in clear.
     */
    public Optional<String> secret(String name) {
        Optional<String> file = optional(name + "_FILE");
        if (file.isPresent()) {
            try {
                String content = Files.readString(Path.of(file.get()), StandardCharsets.UTF_8).strip();
                effective.put(name, content);
                return Optional.of(content);
            } catch (IOException e) {
                throw new InvalidSettingException(name + "_FILE", "cannot read " + file.get() + ": " + e.getMessage());
            }
        }
        return optional(name);
    }

    /** Every variable read so far with its effective value, secrets masked (also inside URLs), sorted by name. */
    public Map<String, String> effectiveConfig() {
        Map<String, String> masked = new TreeMap<>();
        effective.forEach((k, v) -> masked.put(k, Secrets.loggable(k, v)));
        return masked;
    }

    void recordEffective(String name, String value) {
        effective.put(name, value);
    }
}

package io.datastreamscaling.shared.config;

import java.util.Locale;

/** Which configuration names hold secrets, so that logs never show them. */
public final class Secrets {
    public static final String MASK = "******";

    private Secrets() {
    }

    public static boolean isSecret(String name) {
        String n = name.toLowerCase(Locale.ROOT).replace('_', '.');
        return n.contains("password") || n.contains("secret") || n.contains("sasl.jaas.config")
                || n.contains("token") || n.endsWith(".key") || n.contains("credentials")
                || n.contains("private.key");
    }
}

package io.datastreamscaling.local.broker.security;

/**
 * One SCRAM-SHA-512 identity: a service, Kafka UI or the broker itself. The ACLs name it as the
 * principal {@code User:<name>}.
 */
public record ScramUser(String name, String password) {
    public static final String MECHANISM = "SCRAM-SHA-512";

    public ScramUser {
        // The format-time argument is parsed as [name=...,password=...]: these characters would split it.
        if (name.isBlank() || (name + password).chars().anyMatch(c -> c == ',' || c == ']' || c == '"' || c == '=')) {
            throw new IllegalArgumentException("SCRAM user name must be non-blank and name and password free of , ] \" =");
        }
    }

    public String principal() {
        return "User:" + name;
    }

    /** The {@code --add-scram} argument of {@code kafka-storage.sh format} that creates this user. */
    public String scramArgument() {
        return MECHANISM + "=[name=" + name + ",password=" + password + "]";
    }

    /** The client's {@code sasl.jaas.config}: who this client logs in as. */
    public String jaasConfig() {
        return "org.apache.kafka.common.security.scram.ScramLoginModule required username=\"" + name
                + "\" password=\"" + password + "\";";
    }

    @Override
    public String toString() {
        return "ScramUser[" + name + "]";
    }
}

package io.datastreamscaling.shared.config;

/** A configuration value that cannot be used; the message starts with the variable's name. */
public final class InvalidSettingException extends RuntimeException {
    private final String variable;

    public InvalidSettingException(String variable, String problem) {
        super(variable + ": " + problem);
        this.variable = variable;
    }

    public String variable() {
        return variable;
    }
}

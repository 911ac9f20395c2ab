package io.datastreamscaling.shared.order;

/** An order that breaks the schema: the message names the field and what is wrong with it. */
public final class InvalidOrderException extends OrderDecodingException {
    private final String field;

    public InvalidOrderException(String field, String problem) {
        super(field + " " + problem, null);
        this.field = field;
    }

    public String field() {
        return field;
    }
}

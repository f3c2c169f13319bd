package dev.kaizen.core;

import java.util.Objects;

/**
 * One problem with one field, as in {@code count: expected integer, got string}.
 *
 * @param field the name of the field at fault (as the caller wrote it, for unknown fields)
 * @param problem what is wrong, in a few words
 */
public record FieldError(String field, String problem) {

    /** Checks that both parts are given. */
    public FieldError {
        Objects.requireNonNull(field, "field");
        Objects.requireNonNull(problem, "problem");
    }

    /** Returns {@code field: problem}. */
    @Override
    public String toString() {
        return field + ": " + problem;
    }
}

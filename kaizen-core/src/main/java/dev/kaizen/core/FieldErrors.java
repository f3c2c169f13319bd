package dev.kaizen.core;

import java.util.List;
import java.util.stream.Collectors;

/** Formats a list of field errors into one line: {@code a: required; b: expected integer, got string}. */
final class FieldErrors {

    private FieldErrors() {
    }

    static String join(List<FieldError> errors) {
        return errors.stream().map(FieldError::toString).collect(Collectors.joining("; "));
    }
}

package dev.kaizen.core;

import java.util.List;

/**
 * The inputs given to a workflow do not match its signature.
 *
 * <p>Lists every problem at once, each naming its field, so a caller can fix them all in one go.
 * REST answers it with 400, MCP with an {@code isError} tool result, the shell with exit code 2.
 */
public class InvalidInputException extends KaizenException {

    private final List<FieldError> errors;

    /**
     * @param errors every problem found, at least one
     * @throws IllegalArgumentException if {@code errors} is empty
     */
    public InvalidInputException(List<FieldError> errors) {
        super("invalid inputs: " + FieldErrors.join(errors));
        if (errors.isEmpty()) {
            throw new IllegalArgumentException("an InvalidInputException needs at least one field error");
        }
        this.errors = List.copyOf(errors);
    }

    /**
     * @return every problem found, in signature order, unknown fields last
     */
    public List<FieldError> errors() {
        return errors;
    }
}

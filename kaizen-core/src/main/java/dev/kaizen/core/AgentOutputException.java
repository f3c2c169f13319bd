package dev.kaizen.core;

import java.util.List;

/**
 * An agent produced an answer that does not fit its signature's outputs: a model answer that is
 * not a JSON object, or one that misses an output field or gives it the wrong type.
 *
 * <p>This is the agent's fault, not the caller's: REST answers it with 500.
 */
public class AgentOutputException extends KaizenException {

    private final String agentName;

    private final List<FieldError> errors;

    /**
     * An answer that could not be read at all.
     *
     * @param agentName the agent that answered
     * @param message what is wrong with the answer
     */
    public AgentOutputException(String agentName, String message) {
        super("agent '" + agentName + "' gave an unusable answer: " + message);
        this.agentName = agentName;
        this.errors = List.of();
    }

    /**
     * An answer whose fields do not match the output signature.
     *
     * @param agentName the agent that answered
     * @param errors each problem, naming its output field
     */
    public AgentOutputException(String agentName, List<FieldError> errors) {
        super("agent '" + agentName + "' gave an unusable answer: " + FieldErrors.join(errors));
        this.agentName = agentName;
        this.errors = List.copyOf(errors);
    }

    /**
     * @return the name of the agent whose answer failed
     */
    public String agentName() {
        return agentName;
    }

    /**
     * @return the output field problems; empty when the answer could not be read at all
     */
    public List<FieldError> errors() {
        return errors;
    }
}

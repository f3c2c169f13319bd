package dev.kaizen.core;

/**
 * A workflow whose signature {@linkplain Signature#requiresSession() requires a session} was called
 * without one. The caller's mistake: it is refused before the agent runs.
 */
public class SessionRequiredException extends KaizenException {

    private final String workflowName;

    /**
     * @param workflowName the workflow that needs a session
     */
    public SessionRequiredException(String workflowName) {
        super("sessionId: required: workflow '" + workflowName
                + "' keeps its state in a session; create one and pass its id");
        this.workflowName = workflowName;
    }

    /**
     * @return the workflow that needs a session
     */
    public String workflowName() {
        return workflowName;
    }
}

package dev.kaizen.core;

/**
 * An agent failed while it ran: its code threw, or its model could not be reached.
 *
 * <p>The message names the agent and gives the cause's message only; the cause itself is kept for
 * server logs and never shown to clients.
 */
public class AgentExecutionException extends KaizenException {

    private final String agentName;

    /**
     * @param agentName the agent that failed
     * @param cause what it threw
     */
    public AgentExecutionException(String agentName, Throwable cause) {
        super("agent '" + agentName + "' failed: " + describe(cause), cause);
        this.agentName = agentName;
    }

    /**
     * @return the name of the agent that failed
     */
    public String agentName() {
        return agentName;
    }

    private static String describe(Throwable cause) {
        String message = cause.getMessage();
        return message == null || message.isBlank() ? cause.getClass().getSimpleName() : message;
    }
}

package dev.kaizen.core;

import java.time.Duration;

/**
 * A workflow did not finish before its deadline; the agent's thread was interrupted.
 *
 * <p>REST answers it with 504, the shell with exit code 1.
 */
public class WorkflowTimeoutException extends KaizenException {

    private final String workflowName;

    private final Duration timeout;

    /**
     * @param workflowName the workflow that ran out of time
     * @param timeout the time it had
     */
    public WorkflowTimeoutException(String workflowName, Duration timeout) {
        super("workflow '" + workflowName + "' did not finish within " + timeout.toMillis() + " ms");
        this.workflowName = workflowName;
        this.timeout = timeout;
    }

    /**
     * @return the workflow that ran out of time
     */
    public String workflowName() {
        return workflowName;
    }

    /**
     * @return the time it had
     */
    public Duration timeout() {
        return timeout;
    }
}

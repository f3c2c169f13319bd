package dev.kaizen.core;

/** A workflow's run was cancelled through its {@link RunContext} before it finished. */
public class WorkflowCancelledException extends KaizenException {

    private final String workflowName;

    /**
     * @param workflowName the workflow whose run was cancelled
     */
    public WorkflowCancelledException(String workflowName) {
        super("workflow '" + workflowName + "' was cancelled");
        this.workflowName = workflowName;
    }

    /**
     * @return the workflow whose run was cancelled
     */
    public String workflowName() {
        return workflowName;
    }
}

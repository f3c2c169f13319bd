package dev.kaizen.nexus.execution;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The {@link WorkflowSlots} of every workflow, each with its own {@link RunLimits} (a workflow's
 * own, or the default).
 */
final class WorkflowAdmissions {

    private final RunLimits defaults;

    private final Map<String, RunLimits> perWorkflow;

    private final Map<String, WorkflowSlots> slots = new ConcurrentHashMap<>();

    WorkflowAdmissions(RunLimits defaults, Map<String, RunLimits> perWorkflow) {
        this.defaults = defaults;
        this.perWorkflow = Map.copyOf(perWorkflow);
    }

    WorkflowSlots of(String workflow) {
        WorkflowSlots existing = slots.get(workflow); // the common case, without computeIfAbsent's lock
        return existing != null ? existing : slots.computeIfAbsent(workflow,
                name -> new WorkflowSlots(name, perWorkflow.getOrDefault(name, defaults)));
    }
}

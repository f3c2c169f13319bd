package dev.kaizen.core;

import java.time.Duration;
import java.util.Map;
import java.util.Objects;

/**
 * What one workflow run produced.
 *
 * @param outputs the validated output fields, in signature order
 * @param elapsed the whole run, validation included
 * @param agentTime the part of {@code elapsed} spent inside the agent (the model call, for a
 *     chat agent); {@code elapsed - agentTime} is the platform's own overhead
 */
public record WorkflowResult(Map<String, Object> outputs, Duration elapsed, Duration agentTime) {

    /** Checks that every part is given. */
    public WorkflowResult {
        Objects.requireNonNull(outputs, "outputs");
        Objects.requireNonNull(elapsed, "elapsed");
        Objects.requireNonNull(agentTime, "agentTime");
    }
}

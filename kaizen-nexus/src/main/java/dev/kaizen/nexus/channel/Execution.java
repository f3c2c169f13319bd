package dev.kaizen.nexus.channel;

import org.jspecify.annotations.Nullable;

import dev.kaizen.core.WorkflowResult;

/**
 * One finished run, as a channel renders it.
 *
 * @param result the outputs and timings
 * @param sessionId the session it ran in, or {@code null}
 */
public record Execution(WorkflowResult result, @Nullable String sessionId) {
}

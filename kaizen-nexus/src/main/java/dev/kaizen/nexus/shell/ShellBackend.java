package dev.kaizen.nexus.shell;

import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.jspecify.annotations.Nullable;

import dev.kaizen.nexus.channel.RunListener;

import dev.kaizen.nexus.metrics.PerformanceSummary;

/**
 * Where shell commands run: this process's Nexus, or a remote one through its REST channel. The
 * commands print the same output and exit with the same codes either way.
 */
public interface ShellBackend extends AutoCloseable {

    /**
     * @return the workflows served, by name
     */
    List<WorkflowDescription> list();

    /**
     * @param name a deployment name
     * @return the workflow of that name, if served
     */
    Optional<WorkflowDescription> describe(String name);

    /**
     * Runs a workflow.
     *
     * @param name the deployment name
     * @param inputs typed inputs, validated by the workflow
     * @param sessionId the session to continue, or {@code null}
     * @param listener hears the run's progress and tokens (a backend that cannot hear them ignores it)
     * @return the outputs
     * @throws ShellFailure with the exit code the failure stands for
     */
    Map<String, Object> run(String name, Map<String, Object> inputs, @Nullable String sessionId, RunListener listener);

    /**
     * Accepts a run that answers at once ({@code nexus run ... --async}).
     *
     * @return the run as REST's {@code 202} answer shows it (its {@code runId} first)
     * @throws ShellFailure with the exit code of the refusal
     */
    Map<String, Object> submit(String name, Map<String, Object> inputs, @Nullable String sessionId);

    /**
     * @param runId a run's id
     * @return the run as REST's {@code GET /api/runs/{id}} shows it, if known
     */
    Optional<Map<String, Object>> runInfo(String runId);

    /**
     * @param runId a run's id
     * @return the run after the cancel, as REST's {@code DELETE /api/runs/{id}} answers, if known
     */
    Optional<Map<String, Object>> cancelRun(String runId);

    /**
     * Follows a run's events from its first to its last, telling the listener of progress and tokens.
     *
     * @return the run's outputs once it succeeded
     * @throws ShellFailure not found, or the run's own failure with its exit code
     */
    Map<String, Object> watch(String runId, RunListener listener);

    /**
     * @return session metrics and the ids of live sessions, as REST's {@code GET /api/sessions}
     */
    Map<String, Object> sessions();

    /**
     * @param sessionId a session id
     * @return the session as REST's {@code GET /api/sessions/{id}} shows it, if live
     */
    Optional<Map<String, Object>> session(String sessionId);

    /**
     * @return the timings of every operation, as REST's {@code GET /api/metrics}
     */
    PerformanceSummary performance();

    /**
     * @return the timings judged against the targets, as REST's {@code GET /api/performance/report}
     */
    Map<String, Object> performanceReport();

    /** Lets go of what the backend holds (a remote one's HTTP client); nothing for a local one. */
    @Override
    default void close() {
    }
}

package dev.kaizen.nexus.channel;

import java.util.Map;

import jakarta.servlet.http.HttpServletRequest;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.json.JsonMapper;

import dev.kaizen.nexus.admin.NexusAdmin;
import dev.kaizen.nexus.deploy.Deployment;

/**
 * What a Nexus gives each of its channels: the shared execution path, the admin service and the
 * JSON mapper. Calls made through it are recorded under the channel's id.
 */
public interface ChannelContext {

    /**
     * @return the id of the channel this context belongs to
     */
    ChannelId channelId();

    /**
     * Runs a deployment's workflow: checks the session id, resolves the session, runs the agent
     * under its deadline, and times the call as {@code <channel>} and {@code <channel>_overhead}.
     *
     * @param deployment the deployment, as the channel looked it up
     * @param inputs the inputs as the channel received them, not yet validated
     * @param sessionId the session id as the caller sent it (not yet validated), or {@code null}
     * @param caller who calls: {@link #caller(HttpServletRequest)} for an HTTP request,
     *     {@link Caller#local()} for a caller on this machine with no network hop
     * @return the outputs, timings and session
     * @throws CallFailure for every failure, classified once (see {@link FailureKind}); a caller
     *     without a scope the workflow requires gets {@code not-found} (a channel should have
     *     answered so before: {@link NexusAdmin#mayCall}), one over its rate limit
     *     {@code rate-limited}, and another principal's session is {@code session-not-found}
     */
    default Execution execute(Deployment deployment, Map<String, ?> inputs, @Nullable String sessionId,
            Caller caller) {
        return execute(deployment, inputs, sessionId, caller, RunListener.NONE);
    }

    /**
     * Runs a deployment's workflow as {@link #execute(Deployment, Map, String, Caller)} does,
     * telling {@code listener} when it starts (with a handle to cancel it) and what it reports
     * while it runs: progress, and the model's output as it streams when the listener
     * {@linkplain RunListener#wantsTokens() wants tokens}.
     *
     * @param listener hears the run's start, progress and partial output, on the run's thread
     * @return the outputs, timings and session
     * @throws CallFailure for every failure, classified once; a run cancelled through its handle
     *     fails with {@code cancelled}
     */
    Execution execute(Deployment deployment, Map<String, ?> inputs, @Nullable String sessionId, Caller caller,
            RunListener listener);

    /**
     * The caller of an HTTP request, as the Nexus's security filter chain authenticated it. A
     * channel that serves HTTP under the Nexus's paths passes it to {@link #execute} and to the
     * admin service.
     *
     * @param request a request that came through the Nexus's filter chain
     * @return its caller: authenticated, or anonymous when the Nexus needs no credentials
     * @throws CallFailure {@code unauthenticated} when the Nexus needs credentials and no filter
     *     authenticated the request (it fails closed)
     */
    Caller caller(HttpServletRequest request);

    /**
     * Notes a call of a workflow that the caller's scopes hide from it
     * ({@link NexusAdmin#mayCall}), which the channel answered exactly as it answers a name that
     * is not deployed ("hidden means hidden"): the audit log records it with outcome
     * {@code forbidden}, so operators see what the caller cannot.
     *
     * @param caller who called
     * @param workflow the deployment name
     */
    default void hiddenCallRefused(Caller caller, String workflow) {
    }

    /**
     * @return listing and describing workflows, sessions and metrics
     */
    NexusAdmin admin();

    /**
     * @return the runs that answer at once: accepted now, run in the background, read later
     */
    dev.kaizen.nexus.runs.AsyncRuns runs();

    /**
     * @return the Nexus's JSON mapper (the application's, in Spring Boot)
     */
    JsonMapper json();
}

package dev.kaizen.nexus.execution;

import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;

import org.jspecify.annotations.Nullable;

import dev.kaizen.nexus.channel.Caller;
import dev.kaizen.nexus.security.AuditLog;
import dev.kaizen.nexus.security.Gatekeeper;
import dev.kaizen.nexus.session.Session;

import dev.kaizen.core.RunContext;
import dev.kaizen.core.SessionState;
import dev.kaizen.core.WorkflowResult;
import dev.kaizen.nexus.channel.CallFailure;
import dev.kaizen.nexus.channel.ChannelId;
import dev.kaizen.nexus.channel.Execution;
import dev.kaizen.nexus.channel.RunHandle;
import dev.kaizen.nexus.channel.RunListener;
import dev.kaizen.nexus.channel.FailureKind;
import dev.kaizen.nexus.deploy.Deployment;
import dev.kaizen.nexus.metrics.Outcome;
import dev.kaizen.nexus.metrics.PerformanceMetrics;
import dev.kaizen.nexus.metrics.WorkflowEventLog;
import dev.kaizen.nexus.session.NexusSessionManager;
import dev.kaizen.nexus.session.SessionExistsException;
import dev.kaizen.nexus.session.SessionNotFoundException;

/**
 * Runs a deployment's workflow for any channel: resolves the session (refreshing its TTL and
 * recording the channel), gives the agent the session's state through its {@link RunContext},
 * executes, and times it. Validation, sessions, timeouts and timing live here once, never in a
 * channel.
 *
 * <h2>Failures</h2>
 * Whatever a call throws leaves here as a {@link CallFailure}, classified once by
 * {@link FailureClassifier}; channels only map its {@link FailureKind} to their wire form.
 *
 * <h2>Timing</h2>
 * Each call records its channel's operation (the channel id: {@code api}, {@code mcp}, ...) from here to
 * the result, and on success {@code <channel>_overhead}: that time minus the time inside the agent,
 * the platform's own share. Every session read and write records {@code session_sync}. With an
 * event log, a line goes out when a run starts and when it completes.
 *
 * <p>Internal: channels reach it through {@link dev.kaizen.nexus.channel.ChannelContext}.
 */
public final class WorkflowExecutor {

    private final NexusSessionManager sessions;

    private final boolean createSessionOnUnknown;

    private final PerformanceMetrics metrics;

    private final @Nullable WorkflowEventLog events;

    private final InFlightRuns inFlight = new InFlightRuns();

    private final WorkflowAdmissions admissions;

    private final Gatekeeper gatekeeper;

    private final @Nullable AuditLog audit;

    private final SessionAccess sessionAccess;

    /**
     * @param sessions the sessions every channel shares
     * @param createSessionOnUnknown whether an unknown session id starts a new session with that
     *     id instead of failing
     * @param metrics where timings go
     * @param events the JSON Lines event log, or {@code null} for none
     * @param gatekeeper who may call what, and how often
     * @param audit where a line per call goes, or {@code null} for none
     * @param limits how many runs of a workflow go at once and wait, unless {@code perWorkflow} says
     * @param perWorkflow the limits of workflows that have their own, by name
     */
    public WorkflowExecutor(NexusSessionManager sessions, boolean createSessionOnUnknown, PerformanceMetrics metrics,
            @Nullable WorkflowEventLog events, Gatekeeper gatekeeper, @Nullable AuditLog audit, RunLimits limits,
            Map<String, RunLimits> perWorkflow) {
        this.admissions = new WorkflowAdmissions(limits, perWorkflow);
        this.gatekeeper = gatekeeper;
        this.audit = audit;
        this.sessions = sessions;
        this.sessionAccess = new SessionAccess(sessions, gatekeeper);
        this.createSessionOnUnknown = createSessionOnUnknown;
        this.metrics = metrics;
        this.events = events;
    }

    /**
     * @param deployment the deployment to run
     * @param inputs the inputs as the channel received them
     * @param sessionId the session to continue, or {@code null}
     * @param channel the channel the call came through
     * @param caller who calls
     * @param listener hears the run's start, progress and partial output
     * @return the result and the session it ran in
     * @throws CallFailure for every failure, classified
     */
    public Execution execute(Deployment deployment, Map<String, ?> inputs, @Nullable String sessionId,
            ChannelId channel, Caller caller, RunListener listener) {
        return execute(deployment, inputs, sessionId, channel, caller, listener, null);
    }

    /**
     * Accepts a run to go ahead later (a run that answers at once): refuses now what would be
     * refused then (a stopping Nexus, a caller not allowed or over its rate, invalid inputs, a
     * session that is not the caller's or does not exist, a workflow at its limits) and claims the
     * run's place in the workflow's queue. A session the run starts (with create-on-unknown) is
     * started now.
     *
     * @param deployment the deployment to run
     * @param inputs the inputs as the channel received them
     * @param sessionId the session to run in, or {@code null}
     * @param caller who calls
     * @return the place, for {@link #execute(Deployment, Map, String, ChannelId, Caller, RunListener, Acceptance)}
     * @throws RuntimeException a {@link CallFailure}, or the signature's or the session's failure
     */
    public Acceptance accept(Deployment deployment, Map<String, ?> inputs, @Nullable String sessionId,
            Caller caller) {
        if (inFlight.draining()) {
            throw shuttingDown();
        }
        gatekeeper.admit(caller, deployment.name());
        deployment.workflow().agent().signature().validateInputs(inputs);
        if (sessionId != null) {
            liveSession(sessionId, null, caller);
        }
        return new Acceptance(admissions.of(deployment.name()).admit());
    }

    /**
     * As {@link #execute(Deployment, Map, String, ChannelId, Caller, RunListener)}, for a run
     * {@link #accept accepted} before.
     *
     * @param accepted the run's place, or {@code null} to check and claim it now
     * @return the result and the session it ran in
     * @throws CallFailure for every failure, classified
     */
    public Execution execute(Deployment deployment, Map<String, ?> inputs, @Nullable String sessionId,
            ChannelId channel, Caller caller, RunListener listener, @Nullable Acceptance accepted) {
        long started = System.nanoTime();
        String channelName = channel.value();
        String workflow = deployment.name();
        if (events != null) {
            events.started(workflow, channelName, sessionId);
        }
        Outcome outcome = Outcome.ERROR;
        @Nullable CallFailure failed = null;
        long agentNanos = -1;
        WorkflowSlots.Ticket ticket = accepted == null ? null : accepted.ticket();
        try {
            if (ticket == null) {
                if (inFlight.draining()) {
                    throw shuttingDown();
                }
                gatekeeper.admit(caller, workflow);
                ticket = admissions.of(workflow).admit();
            }
            RunContext.Builder context = RunContext.builder().observer(listener);
            if (sessionId != null) {
                context.session(openSession(sessionId, workflow, channelName, caller));
            }
            RunContext run = context.build();
            if (ticket.queued()) {
                // A run cancelled (or drained) while it waits leaves the queue; a run with its place
                // at once (the common case) registers nothing, so its context allocates no listener list.
                run.onCancel(ticket::withdraw);
            }
            inFlight.started(run);
            try {
                ticket.awaitTurn();
                if (listener != RunListener.NONE) {
                    listener.started(new RunHandle(UUID.randomUUID().toString(), sessionId, run::cancel));
                }
                WorkflowResult result = deployment.workflow().execute(inputs, run);
                agentNanos = result.agentTime().toNanos();
                outcome = Outcome.SUCCESS;
                return new Execution(result, sessionId);
            }
            finally {
                inFlight.ended(run);
            }
        }
        catch (RuntimeException failure) {
            CallFailure classified = FailureClassifier.classify(failure,
                    "workflow '" + workflow + "' on " + channelName);
            if (classified.kind() == FailureKind.CANCELLED && inFlight.draining()) {
                classified = shuttingDown(); // cancelled because the drain time ran out
            }
            outcome = classified.kind() == FailureKind.CANCELLED ? Outcome.CANCELLED : Outcome.ERROR;
            failed = classified;
            throw classified;
        }
        finally {
            if (ticket != null) {
                ticket.release();
            }
            long total = System.nanoTime() - started;
            metrics.record(channelName, total, workflow, channelName, outcome, null);
            if (agentNanos >= 0) {
                metrics.record(channelName + PerformanceMetrics.OVERHEAD_SUFFIX, total - agentNanos, workflow,
                        channelName, outcome, null);
            }
            if (events != null) {
                events.completed(workflow, channelName, sessionId, total, outcome);
            }
            if (audit != null) {
                audit.call(caller, workflow, channelName, failed == null ? "success" : failed.kind().slug(),
                        failed == null ? null : failed.correlationId(), total);
            }
        }
    }

    /**
     * Audits a call that a channel refused because its workflow is hidden from the caller (the
     * caller was told no such workflow is deployed).
     *
     * @param caller who called
     * @param workflow the deployment name
     * @param channel the channel the call came through
     */
    public void hiddenCallRefused(Caller caller, String workflow, ChannelId channel) {
        if (audit != null) {
            audit.call(caller, workflow, channel.value(), FailureKind.FORBIDDEN.slug(), null, 0);
        }
    }

    /**
     * @return the runs in flight, which a stopping Nexus drains
     */
    public InFlightRuns inFlight() {
        return inFlight;
    }

    private static CallFailure shuttingDown() {
        return CallFailure.of(FailureKind.SHUTTING_DOWN,
                "the server is shutting down; another instance, or this one once it is back, will take the call")
                .retryAfter(Duration.ofSeconds(1));
    }

    /**
     * @return who may call what, and how often
     */
    public Gatekeeper gatekeeper() {
        return gatekeeper;
    }

    /**
     * @return the sessions every channel shares
     */
    public NexusSessionManager sessions() {
        return sessions;
    }

    /**
     * @return where timings go
     */
    public PerformanceMetrics metrics() {
        return metrics;
    }

    private SessionState openSession(String sessionId, String workflow, String channel, Caller caller) {
        Session live = timed(workflow, channel, () -> liveSession(sessionId, channel, caller));
        SessionState state = sessions.stateOf(live.id(), channel);
        return new SessionState() {

            @Override
            public String id() {
                return sessionId;
            }

            @Override
            public Map<String, Object> snapshot() {
                return timed(workflow, channel, state::snapshot);
            }

            @Override
            public void merge(Map<String, ?> updates) {
                timed(workflow, channel, () -> {
                    state.merge(updates);
                    return null;
                });
            }

            @Override
            public @Nullable Object update(String key, UnaryOperator<@Nullable Object> change) {
                return timed(workflow, channel, () -> state.update(key, change));
            }
        };
    }

    private <T> T timed(String workflow, String channel, Supplier<T> sessionWork) {
        long started = System.nanoTime();
        Outcome outcome = Outcome.ERROR;
        try {
            T result = sessionWork.get();
            outcome = Outcome.SUCCESS;
            return result;
        }
        finally {
            metrics.record(PerformanceMetrics.SESSION_SYNC, System.nanoTime() - started, workflow, channel, outcome,
                    null);
        }
    }

    /**
     * The caller's session of an id (another principal's answers exactly as a missing one: no
     * existence oracle), started when it is unknown and create-on-unknown is on.
     */
    private Session liveSession(String sessionId, @Nullable String channel, Caller caller) {
        Optional<Session> live = sessionAccess.find(sessionId, channel, caller);
        if (live.isPresent()) {
            return live.get();
        }
        if (!createSessionOnUnknown) {
            throw new SessionNotFoundException(sessionId);
        }
        try {
            return sessionAccess.create(sessionId, null, null, caller);
        }
        catch (SessionExistsException createdMeanwhile) {
            // Another request of the caller's on the same id got there first: continue its session.
            return sessionAccess.find(sessionId, channel, caller)
                    .orElseThrow(() -> new SessionNotFoundException(sessionId));
        }
    }
}

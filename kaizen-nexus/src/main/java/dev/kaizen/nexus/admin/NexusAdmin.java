package dev.kaizen.nexus.admin;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

import org.jspecify.annotations.Nullable;

import dev.kaizen.nexus.channel.Caller;
import dev.kaizen.nexus.deploy.Deployment;
import dev.kaizen.nexus.security.Gatekeeper;

import dev.kaizen.nexus.NexusHealth;
import dev.kaizen.nexus.channel.CallFailure;
import dev.kaizen.nexus.channel.ChannelId;
import dev.kaizen.nexus.channel.FailureKind;
import dev.kaizen.nexus.deploy.DeploymentRegistry;
import dev.kaizen.nexus.execution.FailureClassifier;
import dev.kaizen.nexus.execution.SessionAccess;
import dev.kaizen.nexus.metrics.PerformanceMetrics;
import dev.kaizen.nexus.metrics.PerformanceReport;
import dev.kaizen.nexus.metrics.PerformanceSummary;
import dev.kaizen.nexus.metrics.PerformanceTargets;
import dev.kaizen.nexus.session.NexusSessionManager;
import dev.kaizen.nexus.session.Session;
import dev.kaizen.nexus.session.SessionViews;

/**
 * Listing and describing workflows, sessions and metrics: the one service REST's admin routes and
 * the shell's commands both call, so they can never disagree. Every failure is a classified
 * {@link CallFailure}, like a workflow call's.
 */
public final class NexusAdmin {

    /** How many session ids a session listing shows at most. */
    public static final int SESSION_LIST_LIMIT = 100;

    private final DeploymentRegistry registry;

    private final NexusSessionManager sessions;

    private final PerformanceMetrics metrics;

    private final Supplier<PerformanceTargets> targets;

    private final Supplier<NexusHealth> health;

    private final Gatekeeper gatekeeper;

    private final SessionAccess sessionAccess;

    /**
     * Made by the Nexus; channels get it from their {@link dev.kaizen.nexus.channel.ChannelContext}.
     *
     * @param registry the deployments
     * @param sessions the sessions
     * @param metrics the timings
     * @param targets what the report judges against
     * @param health the Nexus's health
     * @param gatekeeper who may see which workflows and sessions
     */
    public NexusAdmin(DeploymentRegistry registry, NexusSessionManager sessions, PerformanceMetrics metrics,
            Supplier<PerformanceTargets> targets, Supplier<NexusHealth> health, Gatekeeper gatekeeper) {
        this.gatekeeper = gatekeeper;
        this.sessionAccess = new SessionAccess(sessions, gatekeeper);
        this.registry = registry;
        this.sessions = sessions;
        this.metrics = metrics;
        this.targets = targets;
        this.health = health;
    }

    /**
     * @param caller who asks
     * @return every deployed workflow the caller may call, by name
     */
    public List<WorkflowView> workflows(Caller caller) {
        return registry.list().stream().filter(deployment -> gatekeeper.mayCall(caller, deployment.name()))
                .map(WorkflowView::of).toList();
    }

    /**
     * @return whether the Nexus requires credentials on its network channels
     */
    public boolean authenticationRequired() {
        return gatekeeper.settings().authenticationRequired();
    }

    /**
     * @param caller who asks
     * @param workflow a deployment name
     * @return whether the caller holds every scope the workflow requires, and so sees it listed
     */
    public boolean mayCall(Caller caller, String workflow) {
        return gatekeeper.mayCall(caller, workflow);
    }

    /**
     * @param name a deployment name
     * @param caller who asks
     * @return the workflow deployed under that name, if any
     * @throws CallFailure {@code forbidden} if the caller lacks a scope it requires
     */
    public Optional<WorkflowView> workflow(String name, Caller caller) {
        Optional<Deployment> deployment = registry.find(name);
        deployment.ifPresent(found -> gatekeeper.admitToView(caller, found.name()));
        return deployment.map(WorkflowView::of);
    }

    /**
     * @param caller who asks: an admin (or a Nexus without credentials) sees every session, any
     *     other principal its own
     * @return session metrics and up to {@value #SESSION_LIST_LIMIT} live session ids
     * @throws CallFailure if the session store is unavailable
     */
    public Map<String, Object> sessions(Caller caller) {
        return classified("listing sessions",
                () -> SessionViews.overview(sessions, sessionAccess.ids(caller, SESSION_LIST_LIMIT)));
    }

    /**
     * Reads a session, refreshing its TTL and recording the channel that asked.
     *
     * @param id the session id as the caller sent it
     * @param channel the channel asking, or {@code null}
     * @param caller who asks; another principal's session is not found
     * @return the session's JSON form
     * @throws CallFailure invalid id, not found, or store unavailable
     */
    public Map<String, Object> session(String id, @Nullable ChannelId channel, Caller caller) {
        Optional<Session> session = classified("reading a session",
                () -> sessionAccess.find(id, channel == null ? null : channel.value(), caller));
        return SessionViews.of(sessionAccess.asSeenBy(session.orElseThrow(() -> notFound(id)), caller));
    }

    /**
     * Starts a session.
     *
     * @param id the id to use, or {@code null} for a random one
     * @param userId the user it belongs to, or {@code null}
     * @param ttl its time to live, or {@code null} for the default
     * @param caller who creates it: an authenticated caller's sessions belong to it, and it names
     *     them by id whether or not another principal has a session of that id
     * @return the session's JSON form
     * @throws CallFailure invalid id, the caller's id taken, another principal's user id, over the
     *     caller's rate limit or session limits, store full or unavailable
     */
    public Map<String, Object> createSession(@Nullable String id, @Nullable String userId, @Nullable Duration ttl,
            Caller caller) {
        // A session is memory kept for the caller: its creation counts against the rate limit.
        gatekeeper.admitCall(caller);
        Session session = classified("creating a session", () -> sessionAccess.create(id, userId, ttl, caller));
        return SessionViews.of(sessionAccess.asSeenBy(session, caller));
    }

    /**
     * Ends a session.
     *
     * @param id the session id as the caller sent it
     * @param caller who asks; another principal's session is not found
     * @throws CallFailure invalid id, not found, or store unavailable
     */
    public void deleteSession(String id, Caller caller) {
        boolean deleted = classified("deleting a session", () -> sessionAccess.find(id, null, caller)
                .map(session -> sessions.deleteSession(session.id())).orElse(false));
        if (!deleted) {
            throw notFound(id);
        }
    }

    /**
     * @return every operation's timings now
     */
    public PerformanceSummary metrics() {
        return metrics.summary();
    }

    /**
     * @return the timings judged against the Nexus's targets
     */
    public PerformanceReport report() {
        return metrics.evaluate(targets.get());
    }

    /**
     * @return status, deployed workflows, version and uptime
     */
    public NexusHealth health() {
        return health.get();
    }

    private static CallFailure notFound(String id) {
        return CallFailure.of(FailureKind.SESSION_NOT_FOUND, "session '" + id + "' does not exist or has expired");
    }

    private static <T> T classified(String what, Supplier<T> operation) {
        try {
            return operation.get();
        }
        catch (RuntimeException e) {
            throw FailureClassifier.classify(e, what);
        }
    }
}

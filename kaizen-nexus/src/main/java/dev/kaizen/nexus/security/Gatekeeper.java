package dev.kaizen.nexus.security;

import java.time.Duration;
import java.util.Optional;
import java.util.Set;

import org.jspecify.annotations.Nullable;

import dev.kaizen.nexus.LogSafe;
import dev.kaizen.nexus.channel.CallFailure;
import dev.kaizen.nexus.channel.Caller;
import dev.kaizen.nexus.channel.FailureKind;

/**
 * The one place a caller is let in or turned away, whatever channel it came through: the scopes a
 * workflow requires, the rate limits, and who may use which session. Authentication happened
 * before (the network channels' filter chain); this decides what the authenticated caller may do.
 *
 * <p>Local callers (stdio, the local shell) and the anonymous callers of a Nexus without
 * credentials pass every scope and ownership check; rate limits apply to every network caller.
 */
public final class Gatekeeper implements AutoCloseable {

    private final SecuritySettings settings;

    private final RateLimiter limiter;

    /**
     * @param settings what is required
     * @param limiter where rate limits are counted
     */
    public Gatekeeper(SecuritySettings settings, RateLimiter limiter) {
        this.settings = settings;
        this.limiter = limiter;
    }

    /**
     * @return the settings this gatekeeper enforces
     */
    public SecuritySettings settings() {
        return settings;
    }

    /**
     * Lets a call of a workflow in, or refuses it.
     *
     * @param caller who calls
     * @param workflow the deployment name
     * @throws CallFailure {@code not-found} without a required scope (a hidden workflow answers
     *     as one that is not deployed), {@code rate-limited} over a limit (with when to retry)
     */
    public void admit(Caller caller, String workflow) {
        admitToView(caller, workflow);
        if (caller.kind() == Caller.Kind.LOCAL || !settings.rateLimited()) {
            return;
        }
        admitCall(caller);
        Optional<RateLimit> perWorkflow = settings.rateLimit(workflow);
        if (perWorkflow.isPresent()) {
            Optional<Duration> wait = limiter.tryAcquire(caller.rateLimitKey() + "|" + workflow, perWorkflow.get());
            if (wait.isPresent()) {
                throw rateLimited(wait.get(), "calls of workflow '" + LogSafe.escape(workflow) + "'", perWorkflow.get());
            }
        }
    }

    /**
     * Counts a call against the caller's rate limit over all its calls: every workflow call, and
     * every other call that makes the Nexus keep something for the caller (a new session).
     *
     * @param caller who calls
     * @throws CallFailure {@code rate-limited} over the limit (with when to retry)
     */
    public void admitCall(Caller caller) {
        if (caller.kind() == Caller.Kind.LOCAL || settings.rateLimit().isEmpty()) {
            return;
        }
        RateLimit limit = settings.rateLimit().orElseThrow();
        Optional<Duration> wait = limiter.tryAcquire(caller.rateLimitKey(), limit);
        if (wait.isPresent()) {
            throw rateLimited(wait.get(), "calls", limit);
        }
    }

    /**
     * Lets a caller describe a workflow, or refuses it. Channels hide such a workflow before (see
     * {@link #mayCall}); this is the last line, and answers as they do.
     *
     * @param caller who asks
     * @param workflow the deployment name
     * @throws CallFailure {@code not-found} without a required scope: a workflow hidden from its
     *     caller must look to it as if it were not deployed
     */
    public void admitToView(Caller caller, String workflow) {
        if (!mayCall(caller, workflow)) {
            throw CallFailure.of(FailureKind.NOT_FOUND, "no workflow named '" + LogSafe.escape(workflow)
                    + "' is deployed");
        }
    }

    /**
     * @param caller who asks
     * @param workflow a deployment name
     * @return whether the caller holds every scope the workflow requires (and so sees it listed)
     */
    public boolean mayCall(Caller caller, String workflow) {
        return caller.holdsAll(settings.requiredScopes(workflow));
    }

    /**
     * @param caller who asks
     * @return whether the caller may list and read every principal's sessions
     */
    public boolean isAdmin(Caller caller) {
        return caller.holdsAll(Set.of(settings.adminScope()));
    }

    /**
     * @param caller who asks
     * @param owner the user id the session was created for, or {@code null}
     * @return whether the caller may read, change or end it: its owner or an admin; when it may
     *     not, the session must look as if it did not exist
     */
    public boolean mayUseSession(Caller caller, @Nullable String owner) {
        return !caller.isAuthenticated() || caller.name().equals(owner) || isAdmin(caller);
    }

    /**
     * @param caller who creates a session
     * @param requestedUserId the user id the request asked for, or {@code null}
     * @return the user id to create it with: an authenticated caller's own name
     * @throws CallFailure {@code forbidden} when an authenticated caller asks for another user id
     */
    public @Nullable String ownerFor(Caller caller, @Nullable String requestedUserId) {
        if (!caller.isAuthenticated()) {
            return requestedUserId;
        }
        if (requestedUserId != null && !requestedUserId.equals(caller.name()) && !isAdmin(caller)) {
            throw CallFailure.of(FailureKind.FORBIDDEN, "userId: a session belongs to the principal that creates it ('"
                    + LogSafe.escape(caller.name()) + "'); leave userId out or send that name");
        }
        return requestedUserId != null ? requestedUserId : caller.name();
    }

    private static CallFailure rateLimited(Duration wait, String what, RateLimit limit) {
        return CallFailure.rateLimited("rate limit of " + limit.requests() + " " + what + " per "
                + limit.period().toString().substring(2).toLowerCase(java.util.Locale.ROOT) + " reached",
                limit.requests(), wait);
    }

    @Override
    public void close() {
        limiter.close();
    }
}

package dev.kaizen.nexus.execution;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

import org.jspecify.annotations.Nullable;

import dev.kaizen.nexus.channel.Caller;
import dev.kaizen.nexus.security.Gatekeeper;
import dev.kaizen.nexus.session.NexusSessionManager;
import dev.kaizen.nexus.session.Session;
import dev.kaizen.nexus.session.SessionExistsException;
import dev.kaizen.nexus.session.SessionIds;

/**
 * Which session a caller means by an id, and whose limits a new session counts against: the one
 * place every channel's session ids are resolved (workflow calls, runs that answer at once, the
 * session routes and the shell).
 *
 * <h2>Ids per principal</h2>
 * An authenticated caller that is not an admin names its own sessions: another principal's session
 * is never found, and holding an id does not keep anyone else from it. When another principal
 * already has a session of the id a caller creates, the caller's session of that id is kept under
 * a key scoped to the caller ({@link SessionIds#scoped}); the caller names it by the id as before,
 * on every channel. So creating a session answers the same whether or not someone else holds the
 * id, and nothing a caller does tells it whether another's session exists. Admins, local callers
 * and the callers of a Nexus without credentials see every session by the key it is stored under.
 *
 * <h2>Limits</h2>
 * A new session counts against its owner (an authenticated caller's own name, or the user an admin
 * created it for); every anonymous caller counts as the one principal it is; local callers (stdio,
 * the local shell) count against no principal's limits, only the store's.
 *
 * <p>Internal: part of the execution path's wiring, not of the public API.
 */
public final class SessionAccess {

    private final NexusSessionManager sessions;

    private final Gatekeeper gatekeeper;

    /**
     * @param sessions the sessions
     * @param gatekeeper who may use which session
     */
    public SessionAccess(NexusSessionManager sessions, Gatekeeper gatekeeper) {
        this.sessions = sessions;
        this.gatekeeper = gatekeeper;
    }

    /**
     * Finds the caller's session of an id, refreshing its TTL.
     *
     * @param id the id as the caller sent it
     * @param channel the channel asking, or {@code null}
     * @param caller who asks
     * @return the session as stored (its id is the key it is stored under), if live and the caller's
     * @throws dev.kaizen.nexus.session.InvalidSessionIdException if the id breaks the rule
     */
    public Optional<Session> find(String id, @Nullable String channel, Caller caller) {
        if (!ownSessionsOnly(caller)) {
            return sessions.touch(SessionIds.requireValidKey(id), channel);
        }
        Optional<Session> named = sessions.touch(SessionIds.requireValid(id), channel);
        if (named.isPresent() && gatekeeper.mayUseSession(caller, named.get().userId())) {
            return named;
        }
        return sessions.touch(SessionIds.scoped(id, caller.name()), channel)
                .filter(own -> gatekeeper.mayUseSession(caller, own.userId()));
    }

    /**
     * Starts a session for a caller.
     *
     * @param id the id to use, or {@code null} for a random one
     * @param userId the user it belongs to, or {@code null} for the caller
     * @param ttl its time to live, or {@code null} for the default
     * @param caller who creates it
     * @return the session as stored
     * @throws SessionExistsException if the caller (or, for a caller that sees every session,
     *     anyone) already has a session of that id
     * @throws RuntimeException a {@link dev.kaizen.nexus.channel.CallFailure} for another
     *     principal's user id; the session limits' and store's failures
     */
    public Session create(@Nullable String id, @Nullable String userId, @Nullable Duration ttl, Caller caller) {
        String owner = gatekeeper.ownerFor(caller, userId);
        String principal = principalOf(caller, owner);
        Duration lifetime = ttl == null ? sessions.sessionTtl() : ttl;
        if (id == null) {
            return sessions.createSession(SessionIds.generate(), owner, lifetime, principal);
        }
        SessionIds.requireValid(id);
        if (!ownSessionsOnly(caller)) {
            return sessions.createSession(id, owner, lifetime, principal);
        }
        String scoped = SessionIds.scoped(id, caller.name());
        if (sessions.getSession(scoped).isPresent()) {
            throw new SessionExistsException(id);
        }
        try {
            return sessions.createSession(id, owner, lifetime, principal);
        }
        catch (SessionExistsException taken) {
            Optional<Session> holder = sessions.getSession(id);
            if (holder.isPresent() && gatekeeper.mayUseSession(caller, holder.get().userId())) {
                throw taken; // the caller's own
            }
            // Another principal's: the caller's session of this id lives under its scoped key.
            return sessions.createSession(scoped, owner, lifetime, principal);
        }
    }

    /**
     * @param caller who asks
     * @param limit the most ids
     * @return the ids of the sessions the caller sees, as it names them
     */
    public List<String> ids(Caller caller, int limit) {
        if (gatekeeper.isAdmin(caller)) {
            return sessions.sessionIds(limit);
        }
        return sessions.sessionIdsOf(caller.name(), limit).stream().map(SessionIds::idOf).toList();
    }

    /**
     * @param session a session as stored
     * @param caller who sees it
     * @return the session as the caller names it: a caller that names only its own sessions sees
     *     the id, not the key
     */
    public Session asSeenBy(Session session, Caller caller) {
        if (!ownSessionsOnly(caller)) {
            return session;
        }
        return new Session(SessionIds.idOf(session.id()), session.userId(), session.createdAt(),
                session.lastAccessedAt(), session.ttl(), session.channels(), session.state());
    }

    /** An authenticated caller without the admin scope names only its own sessions. */
    private boolean ownSessionsOnly(Caller caller) {
        return caller.isAuthenticated() && !gatekeeper.isAdmin(caller);
    }

    /** Whose limits a caller's new session counts against; {@code null} for a local caller's. */
    private static @Nullable String principalOf(Caller caller, @Nullable String owner) {
        return switch (caller.kind()) {
            case LOCAL -> null;
            case ANONYMOUS -> caller.name();
            case AUTHENTICATED -> owner != null ? owner : caller.name();
        };
    }
}

package dev.kaizen.nexus.session;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.UnaryOperator;

import org.jspecify.annotations.Nullable;

/**
 * Where sessions live: {@link InMemorySessionStore} (the default) or {@link RedisSessionStore}
 * (shared by several Nexus instances). Implementations must be safe under many threads, and
 * every change to one session must be atomic: a merge or a compute never loses another writer's
 * change and a reader never sees half of one.
 *
 * <p>Every method that touches a session slides its expiry: it lives for its TTL after its last
 * access. Store failures (Redis unreachable) are {@link SessionStoreUnavailableException}.
 *
 * <p>A session created with a principal counts against that principal's {@link SessionLimits}: its
 * live sessions, and their state bytes together. The check and the write are one atomic step (no
 * number of concurrent writers of one principal passes a limit), and a session that is deleted or
 * expires gives its share back. Ids here are keys ({@link SessionIds#isValidKey}).
 */
public interface SessionStore extends AutoCloseable {

    /**
     * @param id a new session's id
     * @param userId its owner, or {@code null}
     * @param principal whose limits it counts against, or {@code null} for none
     * @param ttl how long it lives after each access
     * @param now the current time
     * @param limits the limits to enforce
     * @return the session created
     * @throws SessionExistsException if a live session already has that id
     * @throws SessionQuotaExceededException if the principal holds as many sessions as it may
     * @throws SessionStoreFullException if the store may hold no more (the in-memory store's bound)
     */
    StoredSession create(String id, @Nullable String userId, @Nullable String principal, Duration ttl, Instant now,
            SessionLimits limits);

    /**
     * Reads a session and slides its expiry, recording the channel that touched it.
     *
     * @param id the session id
     * @param channel the channel touching it, or {@code null} for the API
     * @param now the current time
     * @return the session, or empty if unknown or expired
     */
    Optional<StoredSession> touch(String id, @Nullable String channel, Instant now);

    /**
     * Sets some state keys atomically, leaving the others.
     *
     * @param id the session id
     * @param updates keys and their new values as JSON text
     * @param channel the channel writing, or {@code null}
     * @param now the current time
     * @param limits the limits to enforce
     * @return whether the session existed
     * @throws SessionStateTooLargeException if the state would grow past the limit; nothing changes
     * @throws SessionQuotaExceededException if its principal's state would pass its limit; nothing changes
     * @throws SessionStoreFullException if the store may hold no more; nothing changes
     */
    boolean merge(String id, Map<String, String> updates, @Nullable String channel, Instant now, SessionLimits limits);

    /**
     * Replaces one key's value with a function of it, atomically.
     *
     * @param id the session id
     * @param key the state key
     * @param change from the current JSON value ({@code null} if unset) to the new one; may run
     *     more than once
     * @param channel the channel writing, or {@code null}
     * @param now the current time
     * @param limits the limits to enforce
     * @return the new JSON value, or empty if the session does not exist
     * @throws SessionStateTooLargeException if the state would grow past the limit; nothing changes
     * @throws SessionQuotaExceededException if its principal's state would pass its limit; nothing changes
     * @throws SessionStoreFullException if the store may hold no more; nothing changes
     */
    Optional<String> compute(String id, String key, UnaryOperator<@Nullable String> change, @Nullable String channel,
            Instant now, SessionLimits limits);

    /**
     * Deletes a session, giving back its share of its principal's limits.
     *
     * @param id the session id
     * @return whether a session was deleted
     */
    boolean delete(String id);

    /**
     * @return how many expired sessions this call removed (a store whose backend expires keys by
     *     itself, like Redis, removes them without being asked and returns 0)
     */
    int removeExpired();

    /**
     * @return live sessions now
     */
    long activeCount();

    /**
     * @return sessions removed by expiry since the store started, where the store can tell
     */
    long expiredCount();

    /**
     * @param limit the most ids to return
     * @return ids of live sessions, in no particular order
     */
    List<String> ids(int limit);

    /**
     * @param userId the user (principal) the sessions belong to
     * @param limit the most ids to return
     * @return ids of that user's live sessions, in no particular order
     */
    List<String> idsOf(String userId, int limit);

    /**
     * @return whether the store answered the last time it was used (a remote store that failed
     *     reports {@code false} until it answers again); the default is always available
     */
    default boolean isAvailable() {
        return true;
    }

    /**
     * Asks the store whether it answers now, for health checks: a remote store sends it a command
     * (at most every few seconds, however often it is asked); the default is {@link #isAvailable()}.
     *
     * @return whether the store answered
     */
    default boolean check() {
        return isAvailable();
    }

    /** Releases connections and threads; the default does nothing. */
    @Override
    default void close() {
    }
}

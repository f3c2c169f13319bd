package dev.kaizen.nexus.session;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;

import org.jspecify.annotations.Nullable;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;
import com.github.benmanes.caffeine.cache.RemovalCause;
import com.github.benmanes.caffeine.cache.Ticker;

/**
 * Sessions in this process's memory, on Caffeine.
 *
 * <h2>Expiration</h2>
 * Each session expires its own TTL after its last access (create, read or write), measured by
 * the {@link Ticker} (a fake one in tests, so expiry is tested without sleeping).
 *
 * <h2>Bounds</h2>
 * The sessions together hold at most a number of bytes (each session's state, plus
 * {@value #SESSION_OVERHEAD_BYTES} for the session itself): a new session or more
 * state beyond it is refused with {@link SessionStoreFullException}, so that no caller can fill
 * the heap, and no caller's session is dropped to make room for another's. Each principal's live
 * sessions and state bytes are bounded too ({@link SessionLimits}); a ledger keeps
 * the count. Beyond the maximum number of sessions, the least recently used are evicted (Caffeine's
 * W-TinyLFU), a last resort that the byte bound normally makes unreachable.
 *
 * <h2>Concurrency</h2>
 * Sessions are immutable values; every change is a {@code computeIfPresent} on the cache's map,
 * atomic per session, that admits the change with the ledger and swaps in a new value. Readers see
 * the old value or the new, never a half-applied one. A session that leaves the cache gives back
 * what it held: a deletion here, an expiry or eviction in the eviction listener, which Caffeine
 * runs inside the removal.
 */
public final class InMemorySessionStore implements SessionStore {

    /**
     * What a session with no state counts against the store's bound: about what one idle session
     * measures on the heap (231 bytes, docs/performance.md), rounded up.
     */
    public static final long SESSION_OVERHEAD_BYTES = 256;

    private final Cache<String, StoredSession> cache;

    /** Counted by the eviction listener, which runs inside the eviction. */
    private final AtomicLong expired = new AtomicLong();

    private final SessionLedger ledger;

    /**
     * @param maximumSessions the most sessions held; the least recently used beyond it are evicted
     * @param maximumBytes the most bytes the sessions may hold together (state, plus a fixed
     *     overhead per session); beyond it new sessions and more state are refused
     * @param ticker measures time for expiry
     * @param executor runs Caffeine's maintenance; {@code Runnable::run} makes it synchronous
     */
    public InMemorySessionStore(long maximumSessions, long maximumBytes, Ticker ticker, Executor executor) {
        this.ledger = new SessionLedger(maximumBytes);
        this.cache = Caffeine.newBuilder()
                .maximumSize(maximumSessions)
                .expireAfter(new SlidingTtl())
                .ticker(ticker)
                .executor(executor)
                .evictionListener((String id, StoredSession session, RemovalCause cause) -> {
                    ledger.release(session);
                    if (cause == RemovalCause.EXPIRED) {
                        expired.incrementAndGet();
                    }
                })
                .build();
    }

    @Override
    public StoredSession create(String id, @Nullable String userId, @Nullable String principal, Duration ttl,
            Instant now, SessionLimits limits) {
        StoredSession created = new StoredSession(id, userId, principal, now, now, ttl, Map.of(), Map.of());
        afterExpiredLeave(() -> {
            ledger.admitSession(principal, limits);
            return null;
        });
        if (cache.asMap().putIfAbsent(id, created) != null) {
            ledger.withdrawSession(principal);
            throw new SessionExistsException(SessionIds.idOf(id));
        }
        return created;
    }

    @Override
    public Optional<StoredSession> touch(String id, @Nullable String channel, Instant now) {
        return Optional.ofNullable(cache.asMap().computeIfPresent(id,
                (key, session) -> with(session, session.state(), channel, now)));
    }

    @Override
    public boolean merge(String id, Map<String, String> updates, @Nullable String channel, Instant now,
            SessionLimits limits) {
        return afterExpiredLeave(() -> cache.asMap().computeIfPresent(id, (key, session) -> {
            Map<String, String> state = new LinkedHashMap<>(session.state());
            state.putAll(updates);
            return admitted(session, with(session, state, channel, now), limits);
        })) != null;
    }

    @Override
    public Optional<String> compute(String id, String key, UnaryOperator<@Nullable String> change,
            @Nullable String channel, Instant now, SessionLimits limits) {
        String[] result = new String[1];
        StoredSession updated = afterExpiredLeave(() -> cache.asMap().computeIfPresent(id, (ignored, session) -> {
            Map<String, String> state = new LinkedHashMap<>(session.state());
            String value = change.apply(state.get(key));
            if (value == null) {
                state.remove(key);
            }
            else {
                state.put(key, value);
            }
            result[0] = value;
            return admitted(session, with(session, state, channel, now), limits);
        }));
        return updated == null ? Optional.empty() : Optional.ofNullable(result[0]);
    }

    @Override
    public boolean delete(String id) {
        // An expired session comes back as null here and is given back by the eviction listener.
        StoredSession removed = cache.asMap().remove(id);
        if (removed != null) {
            ledger.release(removed);
        }
        return removed != null;
    }

    @Override
    public int removeExpired() {
        long before = expired.get();
        cache.cleanUp();
        return (int) (expired.get() - before);
    }

    @Override
    public long activeCount() {
        cache.cleanUp();
        return cache.estimatedSize();
    }

    @Override
    public long expiredCount() {
        return expired.get();
    }

    @Override
    public String toString() {
        return "in memory";
    }

    @Override
    public List<String> ids(int limit) {
        return cache.asMap().keySet().stream().limit(limit).toList();
    }

    @Override
    public List<String> idsOf(String userId, int limit) {
        return cache.asMap().values().stream().filter(session -> userId.equals(session.userId()))
                .map(StoredSession::id).limit(limit).toList();
    }

    private static StoredSession with(StoredSession session, Map<String, String> state, @Nullable String channel,
            Instant now) {
        Map<String, Instant> channels = session.channels();
        if (channel != null) {
            channels = new LinkedHashMap<>(channels);
            channels.put(channel, now);
        }
        return new StoredSession(session.id(), session.userId(), session.principal(), session.createdAt(), now,
                session.ttl(), state == session.state() ? state : java.util.Collections.unmodifiableMap(state),
                channels == session.channels() ? channels : java.util.Collections.unmodifiableMap(channels));
    }

    /**
     * Runs a change the ledger may refuse; when it does, lets the sessions that have expired but
     * not yet left the cache (Caffeine removes them in its maintenance) give back their share, and
     * tries once more. Never from inside a compute of the cache's: the maintenance removes entries.
     */
    private <T> T afterExpiredLeave(Supplier<T> change) {
        try {
            return change.get();
        }
        catch (SessionQuotaExceededException | SessionStoreFullException refused) {
            long before = ledger.bytes();
            cache.cleanUp();
            if (ledger.bytes() >= before) {
                throw refused;
            }
            return change.get();
        }
    }

    /** The changed session, once its size is within its own limit and admitted by the ledger. */
    private StoredSession admitted(StoredSession before, StoredSession after, SessionLimits limits) {
        long bytes = after.stateBytes();
        if (bytes > limits.maxStateBytes()) {
            throw new SessionStateTooLargeException(SessionIds.idOf(after.id()), bytes, limits.maxStateBytes());
        }
        ledger.admitState(after.id(), after.principal(), bytes - before.stateBytes(), limits);
        return after;
    }

    /**
     * @return the bytes the sessions hold now (state, plus the overhead of each session)
     */
    long bytes() {
        return ledger.bytes();
    }

    /**
     * @param principal a principal
     * @return its live sessions and their state bytes, as the store counts them
     */
    SessionLedger.Usage usageOf(String principal) {
        return ledger.usageOf(principal);
    }

    /** Every access restarts the session's own TTL. */
    private static final class SlidingTtl implements Expiry<String, StoredSession> {

        @Override
        public long expireAfterCreate(String id, StoredSession session, long currentTime) {
            return session.ttl().toNanos();
        }

        @Override
        public long expireAfterUpdate(String id, StoredSession session, long currentTime,
                long currentDuration) {
            return session.ttl().toNanos();
        }

        @Override
        public long expireAfterRead(String id, StoredSession session, long currentTime,
                long currentDuration) {
            return session.ttl().toNanos();
        }
    }
}

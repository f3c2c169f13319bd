package dev.kaizen.nexus.session;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicLong;
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
 * <h2>Eviction</h2>
 * Beyond the maximum number of sessions, the least recently used are evicted (Caffeine's
 * W-TinyLFU), so memory stays bounded under any load.
 *
 * <h2>Concurrency</h2>
 * Sessions are immutable values; every change is a {@code computeIfPresent} on the cache's map,
 * atomic per session, that swaps in a new value. Readers see the old value or the new, never a
 * half-applied one.
 */
public final class InMemorySessionStore implements SessionStore {

    private final Cache<String, StoredSession> cache;

    /** Counted by the eviction listener, which runs inside the eviction. */
    private final AtomicLong expired = new AtomicLong();

    /**
     * @param maximumSessions the most sessions held; the least recently used beyond it are evicted
     * @param ticker measures time for expiry
     * @param executor runs Caffeine's maintenance; {@code Runnable::run} makes it synchronous
     */
    public InMemorySessionStore(long maximumSessions, Ticker ticker, Executor executor) {
        this.cache = Caffeine.newBuilder()
                .maximumSize(maximumSessions)
                .expireAfter(new SlidingTtl())
                .ticker(ticker)
                .executor(executor)
                .evictionListener((String id, StoredSession session, RemovalCause cause) -> {
                    if (cause == RemovalCause.EXPIRED) {
                        expired.incrementAndGet();
                    }
                })
                .build();
    }

    @Override
    public StoredSession create(String id, @Nullable String userId, Duration ttl, Instant now) {
        StoredSession created = new StoredSession(id, userId, now, now, ttl, Map.of(), Map.of());
        if (cache.asMap().putIfAbsent(id, created) != null) {
            throw new SessionExistsException(id);
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
            long maxStateBytes) {
        return cache.asMap().computeIfPresent(id, (key, session) -> {
            Map<String, String> state = new LinkedHashMap<>(session.state());
            state.putAll(updates);
            return checked(with(session, state, channel, now), maxStateBytes);
        }) != null;
    }

    @Override
    public Optional<String> compute(String id, String key, UnaryOperator<@Nullable String> change,
            @Nullable String channel, Instant now, long maxStateBytes) {
        String[] result = new String[1];
        StoredSession updated = cache.asMap().computeIfPresent(id, (ignored, session) -> {
            Map<String, String> state = new LinkedHashMap<>(session.state());
            String value = change.apply(state.get(key));
            if (value == null) {
                state.remove(key);
            }
            else {
                state.put(key, value);
            }
            result[0] = value;
            return checked(with(session, state, channel, now), maxStateBytes);
        });
        return updated == null ? Optional.empty() : Optional.ofNullable(result[0]);
    }

    @Override
    public boolean delete(String id) {
        return cache.asMap().remove(id) != null;
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
        return new StoredSession(session.id(), session.userId(), session.createdAt(), now, session.ttl(),
                state == session.state() ? state : java.util.Collections.unmodifiableMap(state),
                channels == session.channels() ? channels : java.util.Collections.unmodifiableMap(channels));
    }

    private static StoredSession checked(StoredSession session, long maxStateBytes) {
        long bytes = session.stateBytes();
        if (bytes > maxStateBytes) {
            throw new SessionStateTooLargeException(session.id(), bytes, maxStateBytes);
        }
        return session;
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

package dev.kaizen.nexus.session;

import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.UnaryOperator;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.github.benmanes.caffeine.cache.Ticker;

import dev.kaizen.core.SessionState;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/**
 * Sessions shared by every channel: a conversation started on REST continues on MCP or the shell
 * by its id.
 *
 * <pre>{@code
 * NexusSessionManager sessions = new NexusSessionManager(Duration.ofMinutes(5), Duration.ofHours(2));
 * Session session = sessions.createSession("alice");
 * sessions.updateSessionState(session.id(), Map.of("topic", "kaizen"), "api");
 * sessions.getSessionState(session.id());  // Optional[{topic=kaizen}]
 * int removed = sessions.cleanupExpiredSessions();
 * }</pre>
 *
 * <h2>Expiry</h2>
 * Every access refreshes a session's TTL (sliding expiry); {@link #getSession} is empty once it
 * has passed. {@link #start()} runs {@link #cleanupExpiredSessions()} every cleanup interval on a
 * daemon thread; failures there are logged, never thrown into a request.
 *
 * <h2>Concurrency</h2>
 * Safe under any number of threads: merges are atomic in the store, so writers of different keys
 * of one session never lose each other's keys, and readers never see half a merge.
 *
 * <h2>Limits</h2>
 * Ids are 1 to 128 characters of {@code [A-Za-z0-9_-]}; each session's state is bounded (256 KiB
 * by default); each principal (the caller a session counts against) holds at most 10,000 live
 * sessions and 64 MiB of state by default; the in-memory store holds at most a quarter of the
 * heap by default, refusing new sessions and more state beyond it, and at most a million sessions,
 * evicting the least recently used.
 */
public final class NexusSessionManager implements AutoCloseable {

    /** How often expired sessions are removed unless configured otherwise. */
    public static final Duration DEFAULT_CLEANUP_INTERVAL = Duration.ofMinutes(5);

    /** How long a session lives after its last access unless configured otherwise. */
    public static final Duration DEFAULT_SESSION_TTL = Duration.ofHours(2);

    /** The largest state one session may hold unless configured otherwise: 256 KiB. */
    public static final long DEFAULT_MAX_STATE_BYTES = 256 * 1024;

    /** The most sessions the in-memory store holds unless configured otherwise. */
    public static final long DEFAULT_MAX_SESSIONS = 1_000_000;

    /** The most live sessions one principal may hold unless configured otherwise. */
    public static final long DEFAULT_MAX_SESSIONS_PER_PRINCIPAL = 10_000;

    /** The most state the live sessions of one principal may hold together unless configured otherwise: 64 MiB. */
    public static final long DEFAULT_MAX_STATE_BYTES_PER_PRINCIPAL = 64L * 1024 * 1024;

    /** The share of the heap the in-memory store may fill unless configured otherwise: a quarter. */
    public static final int DEFAULT_MAX_STORE_HEAP_DIVISOR = 4;

    private static final Logger log = LoggerFactory.getLogger(NexusSessionManager.class);

    private static final TypeReference<Object> ANY = new TypeReference<>() {
    };

    private final SessionStore store;

    private final Duration cleanupInterval;

    private final Duration sessionTtl;

    private final SessionLimits limits;

    private final long maxStoreBytes;

    private final Clock clock;

    private final JsonMapper json = JsonMapper.builder().build();

    private final AtomicLong created = new AtomicLong();

    private final Map<String, LongAdder> channelTouches = new ConcurrentHashMap<>();

    /** Guarded by {@code this}: the cleanup scheduler while started. */
    private @Nullable ScheduledExecutorService cleanup;

    /** Sessions in memory, cleaned every 5 minutes, living 2 hours after their last access. */
    public NexusSessionManager() {
        this(DEFAULT_CLEANUP_INTERVAL, DEFAULT_SESSION_TTL);
    }

    /**
     * Sessions in memory with the given cleanup interval and TTL.
     *
     * @param cleanupInterval how often expired sessions are removed; positive
     * @param sessionTtl how long a session lives after its last access; positive
     */
    public NexusSessionManager(Duration cleanupInterval, Duration sessionTtl) {
        this(builder().cleanupInterval(cleanupInterval).sessionTtl(sessionTtl));
    }

    private NexusSessionManager(Builder builder) {
        this.cleanupInterval = builder.cleanupInterval;
        this.sessionTtl = builder.sessionTtl;
        this.limits = new SessionLimits(builder.maxStateBytes, builder.maxSessionsPerPrincipal,
                builder.maxStateBytesPerPrincipal);
        this.maxStoreBytes = builder.maxStoreBytes > 0 ? builder.maxStoreBytes : defaultMaxStoreBytes();
        this.clock = builder.clock;
        this.store = builder.store != null ? builder.store
                : new InMemorySessionStore(builder.maxSessions, maxStoreBytes, builder.ticker, builder.executor);
    }

    /**
     * @return the in-memory store's bound unless configured otherwise: a quarter of the most heap
     *     this JVM may use ({@code -Xmx})
     */
    public static long defaultMaxStoreBytes() {
        return Runtime.getRuntime().maxMemory() / DEFAULT_MAX_STORE_HEAP_DIVISOR;
    }

    /**
     * @return a builder holding the defaults
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * @return a new session with a random id, no owner and the default TTL
     */
    public Session createSession() {
        return createSession(null);
    }

    /**
     * @param userId the owner, or {@code null}; it is also the principal the session counts against
     * @return a new session with a random id and the default TTL
     */
    public Session createSession(@Nullable String userId) {
        return createSession(SessionIds.generate(), userId, sessionTtl);
    }

    /**
     * A session that counts against its owner's limits (a session with no owner, against none).
     *
     * @param sessionId the id, 1 to 128 characters of {@code [A-Za-z0-9_-]}
     * @param userId the owner, or {@code null}
     * @param ttl how long it lives after each access; positive
     * @return the new session
     * @throws SessionExistsException if a live session has that id
     * @throws SessionQuotaExceededException if the owner holds as many sessions as it may
     * @throws SessionStoreFullException if the in-memory store is full
     */
    public Session createSession(String sessionId, @Nullable String userId, Duration ttl) {
        return createSession(sessionId, userId, ttl, userId);
    }

    /**
     * @param sessionId the id (1 to 128 characters of {@code [A-Za-z0-9_-]}), or a key of
     *     {@link SessionIds#scoped}
     * @param userId the owner, or {@code null}
     * @param ttl how long it lives after each access; positive
     * @param principal whose limits (live sessions, state bytes) it counts against until it is
     *     deleted or expires, or {@code null} for none
     * @return the new session
     * @throws SessionExistsException if a live session has that id
     * @throws SessionQuotaExceededException if the principal holds as many sessions as it may
     * @throws SessionStoreFullException if the in-memory store is full
     */
    public Session createSession(String sessionId, @Nullable String userId, Duration ttl,
            @Nullable String principal) {
        SessionIds.requireValidKey(sessionId);
        requirePositive(ttl, "session TTL");
        StoredSession stored = store.create(sessionId, userId, principal, ttl, clock.instant(), limits);
        created.incrementAndGet();
        return toSession(stored);
    }

    /**
     * Reads a session, refreshing its TTL.
     *
     * @param sessionId the id
     * @return the session, or empty if unknown or expired
     */
    public Optional<Session> getSession(String sessionId) {
        return touch(sessionId, null);
    }

    /**
     * Reads a session on behalf of a channel, refreshing its TTL and recording the channel.
     *
     * @param sessionId the id
     * @param channel the channel, such as {@code api}, or {@code null}
     * @return the session, or empty if unknown or expired
     */
    public Optional<Session> touch(String sessionId, @Nullable String channel) {
        SessionIds.requireValidKey(sessionId);
        countTouch(channel);
        return store.touch(sessionId, channel, clock.instant()).map(this::toSession);
    }

    /**
     * Sets some keys of a session's state atomically, leaving the others.
     *
     * @param sessionId the id
     * @param updates keys and JSON values (strings, numbers, booleans, lists, maps)
     * @param channel the channel writing, or {@code null}
     * @return whether the session existed
     * @throws SessionStateTooLargeException if the state would pass the limit; nothing changes
     * @throws SessionQuotaExceededException if its principal's state would pass its limit; nothing changes
     * @throws SessionStoreFullException if the in-memory store is full; nothing changes
     */
    public boolean updateSessionState(String sessionId, Map<String, ?> updates, @Nullable String channel) {
        SessionIds.requireValidKey(sessionId);
        Objects.requireNonNull(updates, "updates");
        Map<String, String> encoded = new LinkedHashMap<>();
        updates.forEach((key, value) -> encoded.put(Objects.requireNonNull(key, "state key"),
                json.writeValueAsString(value)));
        countTouch(channel);
        return store.merge(sessionId, encoded, channel, clock.instant(), limits);
    }

    /**
     * Replaces one key's value with a function of it, atomically.
     *
     * @param sessionId the id
     * @param key the state key
     * @param change from the current value ({@code null} if unset) to the new one; may run more than once
     * @param channel the channel writing, or {@code null}
     * @return the new value, or empty if the session does not exist or the value is now null
     */
    public Optional<Object> updateSessionValue(String sessionId, String key, UnaryOperator<@Nullable Object> change,
            @Nullable String channel) {
        SessionIds.requireValidKey(sessionId);
        countTouch(channel);
        return store.compute(sessionId, key, old -> {
            Object value = change.apply(old == null ? null : json.readValue(old, ANY));
            return value == null ? null : json.writeValueAsString(value);
        }, channel, clock.instant(), limits).map(text -> json.readValue(text, ANY));
    }

    /**
     * @param sessionId the id
     * @return a copy of the session's state, refreshing its TTL; empty if unknown or expired
     */
    public Optional<Map<String, Object>> getSessionState(String sessionId) {
        return getSession(sessionId).map(Session::state);
    }

    /**
     * @param sessionId the id
     * @return whether a session was deleted
     */
    public boolean deleteSession(String sessionId) {
        SessionIds.requireValidKey(sessionId);
        return store.delete(sessionId);
    }

    /**
     * Removes expired sessions now.
     *
     * @return how many were removed
     */
    public int cleanupExpiredSessions() {
        return store.removeExpired();
    }

    /**
     * @return active, created and expired counts, and which channels touched sessions
     */
    public SessionMetrics getSessionMetrics() {
        Map<String, Long> channels = new TreeMap<>();
        channelTouches.forEach((channel, count) -> channels.put(channel, count.sum()));
        return new SessionMetrics(store.activeCount(), created.get(), store.expiredCount(), channels);
    }

    /**
     * @param limit the most ids to return
     * @return ids of live sessions
     */
    public List<String> sessionIds(int limit) {
        return store.ids(limit);
    }

    /**
     * @param userId the user (principal) the sessions belong to
     * @param limit the most ids to return
     * @return ids of that user's live sessions
     */
    public List<String> sessionIdsOf(String userId, int limit) {
        return store.idsOf(userId, limit);
    }

    /**
     * A session's state as an agent sees it in {@link dev.kaizen.core.RunContext#session()}.
     *
     * @param sessionId the id of a live session
     * @param channel the channel the run came through
     * @return a view whose changes go straight to the store
     */
    public SessionState stateOf(String sessionId, @Nullable String channel) {
        return new StoreBackedState(this, SessionIds.requireValidKey(sessionId), channel);
    }

    /**
     * @return whether the session store answered the last time it was used
     */
    public boolean storeAvailable() {
        return store.isAvailable();
    }

    /**
     * @return where sessions live, such as {@code in memory} or {@code Redis at host:port}
     */
    public String storeDescription() {
        return String.valueOf(store);
    }

    /**
     * @return whether the session store answers now (Redis: a PING, at most every two seconds)
     */
    public boolean checkStore() {
        return store.check();
    }

    /**
     * @return how long a session lives after its last access unless created with its own TTL
     */
    public Duration sessionTtl() {
        return sessionTtl;
    }

    /**
     * @return how often expired sessions are removed once started
     */
    public Duration cleanupInterval() {
        return cleanupInterval;
    }

    /**
     * @return the largest state one session may hold, in bytes
     */
    public long maxStateBytes() {
        return limits.maxStateBytes();
    }

    /**
     * @return what the store enforces on each write: per session, and per principal
     */
    public SessionLimits limits() {
        return limits;
    }

    /**
     * @return the most bytes the in-memory store's sessions may hold together (unused with another store)
     */
    public long maxStoreBytes() {
        return maxStoreBytes;
    }

    /** Starts the periodic cleanup on a daemon thread; starting twice does nothing. */
    public synchronized void start() {
        if (cleanup != null) {
            return;
        }
        ScheduledThreadPoolExecutor scheduler = new ScheduledThreadPoolExecutor(1,
                Thread.ofPlatform().daemon().name("kaizen-session-cleanup").factory());
        scheduler.setRemoveOnCancelPolicy(true);
        long every = cleanupInterval.toMillis();
        scheduler.scheduleWithFixedDelay(this::cleanupQuietly, every, every, TimeUnit.MILLISECONDS);
        cleanup = scheduler;
    }

    /** Stops the periodic cleanup; sessions stay. */
    public synchronized void stop() {
        if (cleanup != null) {
            cleanup.shutdownNow();
            cleanup = null;
        }
    }

    /**
     * @return whether the periodic cleanup runs
     */
    public synchronized boolean isStarted() {
        return cleanup != null;
    }

    /** Stops the cleanup and closes the store. */
    @Override
    public void close() {
        stop();
        store.close();
    }

    private void cleanupQuietly() {
        try {
            int removed = cleanupExpiredSessions();
            log.debug("Removed {} expired sessions", removed);
        }
        catch (RuntimeException e) {
            log.warn("Session cleanup failed; it runs again in {}", cleanupInterval, e);
        }
    }

    private void countTouch(@Nullable String channel) {
        if (channel != null) {
            channelTouches.computeIfAbsent(channel, ignored -> new LongAdder()).increment();
        }
    }

    private Session toSession(StoredSession stored) {
        Map<String, Object> state = new LinkedHashMap<>();
        stored.state().forEach((key, value) -> state.put(key, json.readValue(value, ANY)));
        return new Session(stored.id(), stored.userId(), stored.createdAt(), stored.lastAccessedAt(), stored.ttl(),
                stored.channels(), state);
    }

    private static Duration requirePositive(Duration duration, String what) {
        Objects.requireNonNull(duration, what);
        if (duration.isZero() || duration.isNegative()) {
            throw new IllegalArgumentException(what + " must be positive, was " + duration);
        }
        return duration;
    }

    /** Builds a {@link NexusSessionManager}; setters reject bad values at once. */
    public static final class Builder {

        private Duration cleanupInterval = DEFAULT_CLEANUP_INTERVAL;

        private Duration sessionTtl = DEFAULT_SESSION_TTL;

        private long maxStateBytes = DEFAULT_MAX_STATE_BYTES;

        private long maxSessions = DEFAULT_MAX_SESSIONS;

        private long maxSessionsPerPrincipal = DEFAULT_MAX_SESSIONS_PER_PRINCIPAL;

        private long maxStateBytesPerPrincipal = DEFAULT_MAX_STATE_BYTES_PER_PRINCIPAL;

        /** 0: {@link #defaultMaxStoreBytes()}, taken when the manager is built. */
        private long maxStoreBytes;

        private @Nullable SessionStore store;

        private Ticker ticker = Ticker.systemTicker();

        private Clock clock = Clock.systemUTC();

        private Executor executor = ForkJoinPool.commonPool();

        private Builder() {
        }

        /**
         * @param cleanupInterval how often expired sessions are removed; positive
         * @return this builder
         */
        public Builder cleanupInterval(Duration cleanupInterval) {
            this.cleanupInterval = requirePositive(cleanupInterval, "cleanup interval");
            return this;
        }

        /**
         * @param sessionTtl how long a session lives after its last access; positive
         * @return this builder
         */
        public Builder sessionTtl(Duration sessionTtl) {
            this.sessionTtl = requirePositive(sessionTtl, "session TTL");
            return this;
        }

        /**
         * @param maxStateBytes the largest state one session may hold; at least 1
         * @return this builder
         */
        public Builder maxStateBytes(long maxStateBytes) {
            if (maxStateBytes < 1) {
                throw new IllegalArgumentException("max state size must be at least 1 byte, was " + maxStateBytes);
            }
            this.maxStateBytes = maxStateBytes;
            return this;
        }

        /**
         * @param maxSessions the most sessions the in-memory store holds; at least 1
         * @return this builder
         */
        public Builder maxSessions(long maxSessions) {
            if (maxSessions < 1) {
                throw new IllegalArgumentException("max sessions must be at least 1, was " + maxSessions);
            }
            this.maxSessions = maxSessions;
            return this;
        }

        /**
         * @param maxSessionsPerPrincipal the most live sessions one principal may hold; at least 1
         * @return this builder
         */
        public Builder maxSessionsPerPrincipal(long maxSessionsPerPrincipal) {
            if (maxSessionsPerPrincipal < 1) {
                throw new IllegalArgumentException("max sessions per principal must be at least 1, was "
                        + maxSessionsPerPrincipal);
            }
            this.maxSessionsPerPrincipal = maxSessionsPerPrincipal;
            return this;
        }

        /**
         * @param maxStateBytesPerPrincipal the most state the live sessions of one principal may hold
         *     together; at least 1
         * @return this builder
         */
        public Builder maxStateBytesPerPrincipal(long maxStateBytesPerPrincipal) {
            if (maxStateBytesPerPrincipal < 1) {
                throw new IllegalArgumentException("max state size per principal must be at least 1 byte, was "
                        + maxStateBytesPerPrincipal);
            }
            this.maxStateBytesPerPrincipal = maxStateBytesPerPrincipal;
            return this;
        }

        /**
         * @param maxStoreBytes the most bytes the in-memory store's sessions may hold together (each
         *     session's state plus {@value InMemorySessionStore#SESSION_OVERHEAD_BYTES} for the session);
         *     at least that overhead. The default is {@link #defaultMaxStoreBytes()}.
         * @return this builder
         */
        public Builder maxStoreBytes(long maxStoreBytes) {
            if (maxStoreBytes < InMemorySessionStore.SESSION_OVERHEAD_BYTES) {
                throw new IllegalArgumentException("max store size must be at least "
                        + InMemorySessionStore.SESSION_OVERHEAD_BYTES + " bytes (one empty session), was "
                        + maxStoreBytes);
            }
            this.maxStoreBytes = maxStoreBytes;
            return this;
        }

        /**
         * @param store where sessions live instead of this process's memory, such as a
         *     {@link RedisSessionStore}
         * @return this builder
         */
        public Builder store(SessionStore store) {
            this.store = Objects.requireNonNull(store, "store");
            return this;
        }

        /**
         * @param ticker measures time for the in-memory store's expiry; a fake one in tests
         * @return this builder
         */
        public Builder ticker(Ticker ticker) {
            this.ticker = Objects.requireNonNull(ticker, "ticker");
            return this;
        }

        /**
         * @param clock stamps creation and access times
         * @return this builder
         */
        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        /**
         * @param executor runs the in-memory store's maintenance; {@code Runnable::run} in tests
         * @return this builder
         */
        public Builder executor(Executor executor) {
            this.executor = Objects.requireNonNull(executor, "executor");
            return this;
        }

        /**
         * @return the manager, its cleanup not yet started
         */
        public NexusSessionManager build() {
            return new NexusSessionManager(this);
        }
    }
}

package dev.kaizen.nexus.session;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the sessions of an {@link InMemorySessionStore} hold: bytes in all, against the store's
 * bound, and each principal's live sessions and state bytes, against its limits.
 *
 * <h2>Concurrency</h2>
 * A change is admitted before it is made, and refused when it would pass a bound, so that no number
 * of threads can overshoot: the store's bytes are a compare-and-set loop on one counter, a
 * principal's usage is swapped in one {@code compute} of its map entry. A refused change takes back
 * what it reserved. The store calls {@link #release} once for every session that leaves it
 * (deleted, expired or evicted), so what a session held is given back exactly once.
 */
final class SessionLedger {

    /** What a session with no state counts against the store's bound. */
    static final long SESSION_OVERHEAD_BYTES = InMemorySessionStore.SESSION_OVERHEAD_BYTES;

    private static final Logger log = LoggerFactory.getLogger(SessionLedger.class);

    /** At most one warning a minute that the store is full, however many writes it refuses. */
    private static final long WARN_EVERY_NANOS = TimeUnit.MINUTES.toNanos(1);

    private final long maxBytes;

    /** Bytes held by every session: overhead plus state. */
    private final AtomicLong bytes = new AtomicLong();

    /** Each principal's usage; an entry goes when its last session does. */
    private final ConcurrentHashMap<String, Usage> principals = new ConcurrentHashMap<>();

    private final AtomicLong lastWarning = new AtomicLong(System.nanoTime() - WARN_EVERY_NANOS);

    /**
     * One principal's usage.
     *
     * @param sessions its live sessions
     * @param stateBytes their state bytes together
     */
    record Usage(long sessions, long stateBytes) {

        static final Usage NONE = new Usage(0, 0);
    }

    /**
     * @param maxBytes the most bytes the store's sessions may hold
     */
    SessionLedger(long maxBytes) {
        this.maxBytes = maxBytes;
    }

    /**
     * Admits one more session of a principal, with no state yet.
     *
     * @throws SessionStoreFullException if the store is full
     * @throws SessionQuotaExceededException if the principal holds as many sessions as it may
     */
    void admitSession(@Nullable String principal, SessionLimits limits) {
        reserve(SESSION_OVERHEAD_BYTES);
        if (principal == null) {
            return;
        }
        try {
            principals.compute(principal, (name, usage) -> {
                long sessions = usage == null ? 0 : usage.sessions();
                if (sessions >= limits.maxSessionsPerPrincipal()) {
                    throw SessionQuotaExceededException.sessions(limits.maxSessionsPerPrincipal());
                }
                return new Usage(sessions + 1, usage == null ? 0 : usage.stateBytes());
            });
        }
        catch (RuntimeException refused) {
            bytes.addAndGet(-SESSION_OVERHEAD_BYTES);
            throw refused;
        }
    }

    /** Gives back a session admitted by {@link #admitSession} that was not stored after all. */
    void withdrawSession(@Nullable String principal) {
        change(principal, -1, 0);
    }

    /**
     * Admits a session's state growing or shrinking; shrinking is always admitted.
     *
     * @param sessionId the session, for the message
     * @param principal whose limits it counts against, or {@code null}
     * @param delta how many state bytes it gains (negative: loses)
     * @throws SessionStoreFullException if the store would pass its bound
     * @throws SessionQuotaExceededException if the principal's state would pass its limit
     */
    void admitState(String sessionId, @Nullable String principal, long delta, SessionLimits limits) {
        if (delta <= 0) {
            change(principal, 0, delta);
            return;
        }
        reserve(delta);
        if (principal == null) {
            return;
        }
        try {
            principals.compute(principal, (name, usage) -> {
                long held = usage == null ? 0 : usage.stateBytes();
                if (held + delta > limits.maxStateBytesPerPrincipal()) {
                    throw SessionQuotaExceededException.stateBytes(SessionIds.idOf(sessionId), held + delta,
                            limits.maxStateBytesPerPrincipal());
                }
                return new Usage(usage == null ? 0 : usage.sessions(), held + delta);
            });
        }
        catch (RuntimeException refused) {
            bytes.addAndGet(-delta);
            throw refused;
        }
    }

    /** Gives back what a session that left the store held. */
    void release(StoredSession session) {
        change(session.principal(), -1, -session.stateBytes());
    }

    /**
     * @return bytes the store's sessions hold now
     */
    long bytes() {
        return bytes.get();
    }

    /**
     * @param principal a principal
     * @return its live sessions and their state bytes
     */
    Usage usageOf(String principal) {
        return principals.getOrDefault(principal, Usage.NONE);
    }

    private void change(@Nullable String principal, long sessions, long stateBytes) {
        bytes.addAndGet(stateBytes + sessions * SESSION_OVERHEAD_BYTES);
        if (principal != null) {
            principals.computeIfPresent(principal, (name, usage) -> {
                Usage changed = new Usage(usage.sessions() + sessions, usage.stateBytes() + stateBytes);
                return changed.sessions() <= 0 && changed.stateBytes() <= 0 ? null : changed;
            });
        }
    }

    private void reserve(long more) {
        long held;
        do {
            held = bytes.get();
            if (held + more > maxBytes) {
                warnFull(held);
                throw new SessionStoreFullException();
            }
        }
        while (!bytes.compareAndSet(held, held + more));
    }

    private void warnFull(long held) {
        long now = System.nanoTime();
        long last = lastWarning.get();
        if (now - last >= WARN_EVERY_NANOS && lastWarning.compareAndSet(last, now)) {
            log.warn("The in-memory session store is full ({} of {} bytes): new sessions and larger state are "
                    + "refused (507 session-store-full) until sessions end or expire; see "
                    + "kaizen.nexus.sessions.max-store-size", held, maxBytes);
        }
    }
}

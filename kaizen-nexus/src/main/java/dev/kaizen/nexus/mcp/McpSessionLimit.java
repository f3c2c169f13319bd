package dev.kaizen.nexus.mcp;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

import org.jspecify.annotations.Nullable;

/**
 * Counts the live MCP sessions so that their number stays bounded, in total and per principal: a
 * session lives from its {@code initialize} until it is deleted or has been idle for the idle
 * timeout (the transport ends it then too). An {@code initialize} beyond the maximum is refused
 * until one ends, and so is one by a principal that holds its share already.
 *
 * <h2>Concurrency</h2>
 * An {@code initialize} first {@linkplain #reserve reserves} a place, then the transport answers
 * it, then the place becomes the session or is given back. Reserving, starting, ending and
 * sweeping are serialised on this object, so many {@code initialize} calls at once never admit
 * more than the limits. Looking a session up and marking it used take no lock: every request
 * does that.
 */
final class McpSessionLimit {

    /** What an {@link #reserve initialize} is told. */
    sealed interface Admission permits Reservation, Refusal {
    }

    /** Refused: every session is taken, or the principal holds its share. */
    enum Refusal implements Admission {
        /** {@link #max()} sessions live now. */
        FULL,
        /** The principal holds {@link #maxPerPrincipal()} sessions now. */
        SHARE_TAKEN
    }

    /** The place one {@code initialize} holds while the transport answers it. */
    final class Reservation implements Admission {

        private final String owner;

        private boolean settled;

        private Reservation(String owner) {
            this.owner = owner;
        }

        /** The transport started the session: the place is its own from now on. */
        void started(String sessionId) {
            synchronized (McpSessionLimit.this) {
                if (settle()) {
                    sessions.put(sessionId, new Live(owner, ticker.getAsLong()));
                }
            }
        }

        /** The transport started no session: the place is free again. */
        void release() {
            synchronized (McpSessionLimit.this) {
                if (settle()) {
                    released(owner);
                }
            }
        }

        /** Guarded by the limit's lock: ends the reservation once; the place stays counted for a started session. */
        private boolean settle() {
            if (settled) {
                return false;
            }
            settled = true;
            pending--;
            return true;
        }
    }

    /** A live session: who started it, and when it was last used (nanoseconds of the ticker). */
    private static final class Live {

        final String owner;

        volatile long lastUsed;

        Live(String owner, long lastUsed) {
            this.owner = owner;
            this.lastUsed = lastUsed;
        }
    }

    /** Live session ids, each with the principal that started it ("" for an anonymous one). */
    private final Map<String, Live> sessions = new ConcurrentHashMap<>();

    /** Sessions and reservations per authenticated principal. Guarded by {@code this}. */
    private final Map<String, Integer> held = new HashMap<>();

    /** Reservations whose {@code initialize} the transport has not answered yet. Guarded by {@code this}. */
    private int pending;

    private final long idleNanos;

    private final int max;

    private final int maxPerPrincipal;

    private final LongSupplier ticker;

    McpSessionLimit(Duration idleTimeout, int max, int maxPerPrincipal) {
        this(idleTimeout, max, maxPerPrincipal, System::nanoTime);
    }

    /**
     * @param ticker the time in nanoseconds, as {@link System#nanoTime()} tells it
     */
    McpSessionLimit(Duration idleTimeout, int max, int maxPerPrincipal, LongSupplier ticker) {
        // The transport ends an idle session after one to two sweeps of the timeout: count it a
        // little longer, so a new session is only admitted once the transport has let one go.
        this.idleNanos = idleTimeout.multipliedBy(2).plusSeconds(1).toNanos();
        this.max = max;
        this.maxPerPrincipal = maxPerPrincipal;
        this.ticker = ticker;
    }

    /**
     * Holds a place for a new session, if one is free.
     *
     * @param principal who initializes ("" for an anonymous caller, which only the total limits)
     * @return the place, to settle once the transport has answered; or why there is none
     */
    synchronized Admission reserve(String principal) {
        if (sessions.size() + pending >= max || !principal.isEmpty() && heldBy(principal) >= maxPerPrincipal) {
            sweep(); // only at a limit: expired sessions may have made room
        }
        if (sessions.size() + pending >= max) {
            return Refusal.FULL;
        }
        if (!principal.isEmpty() && heldBy(principal) >= maxPerPrincipal) {
            return Refusal.SHARE_TAKEN;
        }
        pending++;
        if (!principal.isEmpty()) {
            held.merge(principal, 1, Integer::sum);
        }
        return new Reservation(principal);
    }

    int max() {
        return max;
    }

    int maxPerPrincipal() {
        return maxPerPrincipal;
    }

    /**
     * @param sessionId a session id a request names
     * @param principal the principal making the request ("" for an anonymous one)
     * @return whether the principal may use it: a session belongs to whoever started it (an
     *     unknown id passes, for the transport to answer that it does not exist)
     */
    boolean usableBy(String sessionId, String principal) {
        Live live = liveOrNull(sessionId);
        return live == null || live.owner.isEmpty() || live.owner.equals(principal);
    }

    /**
     * @param sessionId a session id
     * @return whether a session of that id was started here and has not ended or expired
     */
    boolean isLive(String sessionId) {
        return liveOrNull(sessionId) != null;
    }

    /** A request used the session: its idle time starts again. */
    void used(String sessionId) {
        Live live = liveOrNull(sessionId);
        if (live != null) {
            live.lastUsed = ticker.getAsLong();
        }
    }

    synchronized void ended(String sessionId) {
        Live gone = sessions.remove(sessionId);
        if (gone != null) {
            released(gone.owner);
        }
    }

    /** @return the sessions and reservations that count now (for tests) */
    synchronized int counted() {
        return sessions.size() + pending;
    }

    /** @return the sessions and reservations a principal holds now (for tests) */
    synchronized int heldBy(String principal) {
        return held.getOrDefault(principal, 0);
    }

    private @Nullable Live liveOrNull(String sessionId) {
        Live live = sessions.get(sessionId);
        return live == null || expired(live, ticker.getAsLong()) ? null : live;
    }

    private boolean expired(Live live, long now) {
        return now - live.lastUsed > idleNanos;
    }

    /** Guarded by {@code this}: lets go of every expired session. */
    private void sweep() {
        long now = ticker.getAsLong();
        sessions.entrySet().removeIf(entry -> {
            if (expired(entry.getValue(), now)) {
                released(entry.getValue().owner);
                return true;
            }
            return false;
        });
    }

    /** Guarded by {@code this}. */
    private void released(String owner) {
        if (!owner.isEmpty()) {
            held.merge(owner, -1, McpSessionLimit::sumOrNone);
        }
    }

    /** Adds two counts, leaving no entry for a principal that holds nothing. */
    private static @Nullable Integer sumOrNone(Integer a, Integer b) {
        int sum = a + b;
        return sum <= 0 ? null : sum;
    }
}

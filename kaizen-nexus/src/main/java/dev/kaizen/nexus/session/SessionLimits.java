package dev.kaizen.nexus.session;

/**
 * What a {@link SessionStore} enforces on each write, in the same atomic step as the write: the
 * state one session may hold, and the live sessions and state bytes of one principal (the caller a
 * session counts against, see {@link NexusSessionManager#createSession(String, String, java.time.Duration, String)}).
 *
 * @param maxStateBytes the largest state one session may hold, in bytes (keys plus JSON values, UTF-8)
 * @param maxSessionsPerPrincipal the most live sessions one principal may hold
 * @param maxStateBytesPerPrincipal the most state bytes the live sessions of one principal may hold together
 */
public record SessionLimits(long maxStateBytes, long maxSessionsPerPrincipal, long maxStateBytesPerPrincipal) {

    /**
     * Checks that every limit is at least 1.
     */
    public SessionLimits {
        requireAtLeastOne(maxStateBytes, "max state size");
        requireAtLeastOne(maxSessionsPerPrincipal, "max sessions per principal");
        requireAtLeastOne(maxStateBytesPerPrincipal, "max state size per principal");
    }

    private static void requireAtLeastOne(long value, String what) {
        if (value < 1) {
            throw new IllegalArgumentException(what + " must be at least 1, was " + value);
        }
    }
}

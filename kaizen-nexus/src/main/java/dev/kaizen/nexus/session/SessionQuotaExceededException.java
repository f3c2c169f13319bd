package dev.kaizen.nexus.session;

import dev.kaizen.core.KaizenException;

/**
 * A new session, or more state, would take a principal past its share of the store: the most live
 * sessions, or state bytes, one principal may hold ({@link SessionLimits}). Nothing was changed;
 * ending a session (or letting one expire) gives its share back. REST answers it with 429
 * {@code session-quota-exceeded}.
 */
public class SessionQuotaExceededException extends KaizenException {

    private SessionQuotaExceededException(String message) {
        super(message);
    }

    /**
     * @param limit the most live sessions one principal may hold
     * @return the refusal of one more session
     */
    public static SessionQuotaExceededException sessions(long limit) {
        return new SessionQuotaExceededException("the caller already holds " + limit
                + " live sessions, the most one principal may hold; end one or let one expire first");
    }

    /**
     * @param sessionId the session that was to grow, as the caller named it
     * @param bytes the state bytes the principal's sessions would have held together
     * @param limit the most state bytes one principal's sessions may hold together
     * @return the refusal of the write
     */
    public static SessionQuotaExceededException stateBytes(String sessionId, long bytes, long limit) {
        return new SessionQuotaExceededException("session '" + sessionId + "': the caller's sessions would hold "
                + bytes + " bytes of state, over the limit of " + limit
                + " for one principal; nothing was changed (end a session, or let one expire, to free some)");
    }
}

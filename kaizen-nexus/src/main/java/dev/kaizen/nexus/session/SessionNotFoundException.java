package dev.kaizen.nexus.session;

import dev.kaizen.core.KaizenException;

/** A session id that is unknown or has expired. REST answers it with 404. */
public class SessionNotFoundException extends KaizenException {

    private final String sessionId;

    /**
     * @param sessionId the id that was not found
     */
    public SessionNotFoundException(String sessionId) {
        super("session '" + sessionId + "' does not exist or has expired");
        this.sessionId = sessionId;
    }

    /**
     * @return the id that was not found
     */
    public String sessionId() {
        return sessionId;
    }
}

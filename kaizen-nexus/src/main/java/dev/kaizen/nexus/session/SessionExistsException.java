package dev.kaizen.nexus.session;

import dev.kaizen.core.KaizenException;

/** A new session asked for an id a live session already has. REST answers it with 409. */
public class SessionExistsException extends KaizenException {

    /**
     * @param sessionId the id in use
     */
    public SessionExistsException(String sessionId) {
        super("session '" + sessionId + "' already exists");
    }
}

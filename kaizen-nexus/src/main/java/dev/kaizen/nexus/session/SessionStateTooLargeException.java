package dev.kaizen.nexus.session;

import dev.kaizen.core.KaizenException;

/** A change would grow a session's state past its limit; nothing was changed. REST answers 413. */
public class SessionStateTooLargeException extends KaizenException {

    /**
     * @param sessionId the session
     * @param bytes the size the state would have had
     * @param limit the limit
     */
    public SessionStateTooLargeException(String sessionId, long bytes, long limit) {
        super("session '" + sessionId + "' state would be " + bytes + " bytes, over the limit of " + limit
                + "; nothing was changed");
    }
}

package dev.kaizen.nexus.session;

import dev.kaizen.core.KaizenException;

/** The session store cannot be reached (Redis down). REST answers 503; nothing else breaks. */
public class SessionStoreUnavailableException extends KaizenException {

    /**
     * @param message what could not be reached
     * @param cause the client's failure
     */
    public SessionStoreUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}

package dev.kaizen.nexus.session;

import dev.kaizen.core.KaizenException;

/**
 * The in-memory session store holds as many bytes as it may ({@code max-store-size}): a new session
 * or more state would pass the bound that keeps sessions from filling the heap. Nothing was
 * changed; space comes back as sessions end or expire. REST answers it with 507
 * {@code session-store-full}.
 */
public class SessionStoreFullException extends KaizenException {

    /** Creates the refusal; the message names no sizes, which are the server's own business. */
    public SessionStoreFullException() {
        super("the session store is full; nothing was changed, try again once sessions have ended or expired");
    }
}

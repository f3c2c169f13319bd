package dev.kaizen.nexus.session;

import java.time.Duration;

import org.jspecify.annotations.Nullable;

import dev.kaizen.core.KaizenException;

/**
 * The session store cannot be used now: unreachable, too slow, or refusing writes (Redis out of
 * memory). Every channel answers it as {@code session-store-unavailable} (REST 503 with
 * {@code Retry-After}); calls that need no session keep working.
 */
public class SessionStoreUnavailableException extends KaizenException {

    private final @Nullable Duration retryAfter;

    /**
     * @param message what could not be used, in words for a client (no Java exception text)
     * @param cause the client's failure
     */
    public SessionStoreUnavailableException(String message, Throwable cause) {
        super(message, cause);
        this.retryAfter = null;
    }

    /**
     * @param message what could not be used
     * @param retryAfter when to try again
     */
    public SessionStoreUnavailableException(String message, @Nullable Duration retryAfter) {
        super(message);
        this.retryAfter = retryAfter;
    }

    /**
     * @return when to try again, if known
     */
    public @Nullable Duration retryAfter() {
        return retryAfter;
    }
}

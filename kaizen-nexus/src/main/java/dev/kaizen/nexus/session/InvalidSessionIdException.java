package dev.kaizen.nexus.session;

import dev.kaizen.core.KaizenException;
import dev.kaizen.core.RunContext;

/** A session id that breaks the rule ({@link RunContext#SESSION_ID_RULE}); the caller's mistake. */
public final class InvalidSessionIdException extends KaizenException {

    /**
     * @param id the id as given, or {@code null}
     */
    public InvalidSessionIdException(@org.jspecify.annotations.Nullable String id) {
        super("sessionId: " + RunContext.SESSION_ID_RULE
                + (id == null ? "" : ", was '" + (id.length() > 40 ? id.substring(0, 40) + "..." : id) + "'"));
    }
}

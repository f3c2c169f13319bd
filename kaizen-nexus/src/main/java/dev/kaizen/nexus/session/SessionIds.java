package dev.kaizen.nexus.session;

import java.util.UUID;

import org.jspecify.annotations.Nullable;

import dev.kaizen.core.RunContext;

/** The rule for session ids, which travel in URLs, headers, tool arguments and command lines. */
public final class SessionIds {

    private SessionIds() {
    }

    /**
     * @param id a candidate id
     * @return whether it is 1 to 128 characters of {@code [A-Za-z0-9_-]}
     */
    public static boolean isValid(@Nullable String id) {
        return RunContext.isValidSessionId(id);
    }

    /**
     * @param id a candidate id
     * @return the id
     * @throws InvalidSessionIdException naming the rule if it breaks it
     */
    public static String requireValid(@Nullable String id) {
        if (!isValid(id)) {
            throw new InvalidSessionIdException(id);
        }
        return id;
    }

    /**
     * @return a new random id (a UUID, 122 random bits)
     */
    public static String generate() {
        return UUID.randomUUID().toString();
    }
}

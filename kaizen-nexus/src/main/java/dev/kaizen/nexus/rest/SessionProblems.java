package dev.kaizen.nexus.rest;

import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpStatus;

import dev.kaizen.core.KaizenException;
import dev.kaizen.nexus.session.SessionExistsException;
import dev.kaizen.nexus.session.SessionNotFoundException;
import dev.kaizen.nexus.session.SessionStateTooLargeException;
import dev.kaizen.nexus.session.SessionStoreUnavailableException;

/** The problem each session failure answers with, wherever in the REST channel it happens. */
final class SessionProblems {

    private SessionProblems() {
    }

    /**
     * @return the problem for a session failure, or {@code null} if {@code e} is not one
     */
    static @Nullable Problem of(KaizenException e) {
        return switch (e) {
            case SessionNotFoundException notFound ->
                Problem.of(HttpStatus.NOT_FOUND, "session-not-found", "Session not found", notFound.getMessage());
            case SessionExistsException exists ->
                Problem.of(HttpStatus.CONFLICT, "session-exists", "Session exists", exists.getMessage());
            case SessionStateTooLargeException tooLarge -> Problem.of(HttpStatus.PAYLOAD_TOO_LARGE,
                    "session-state-too-large", "Session state too large", tooLarge.getMessage());
            case SessionStoreUnavailableException unavailable -> Problem.of(HttpStatus.SERVICE_UNAVAILABLE,
                    "session-store-unavailable", "Session store unavailable", unavailable.getMessage());
            default -> null;
        };
    }
}

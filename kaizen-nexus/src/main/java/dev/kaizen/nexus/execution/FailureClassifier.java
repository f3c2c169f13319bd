package dev.kaizen.nexus.execution;

import java.time.Duration;
import java.util.List;
import java.util.UUID;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.kaizen.core.FieldError;
import dev.kaizen.core.InvalidInputException;
import dev.kaizen.core.KaizenException;
import dev.kaizen.core.ModelCallException;
import dev.kaizen.core.RunContext;
import dev.kaizen.core.SessionRequiredException;
import dev.kaizen.core.WorkflowCancelledException;
import dev.kaizen.core.WorkflowTimeoutException;
import dev.kaizen.nexus.channel.CallFailure;
import dev.kaizen.nexus.channel.FailureKind;
import dev.kaizen.nexus.session.InvalidSessionIdException;
import dev.kaizen.nexus.session.SessionExistsException;
import dev.kaizen.nexus.session.SessionNotFoundException;
import dev.kaizen.nexus.session.SessionQuotaExceededException;
import dev.kaizen.nexus.session.SessionStateTooLargeException;
import dev.kaizen.nexus.session.SessionStoreFullException;
import dev.kaizen.nexus.session.SessionStoreUnavailableException;

/**
 * Turns whatever a call threw into a {@link CallFailure}, once, for every channel. Caller errors
 * are not logged; server-side failures are logged here (and only here) under a correlation id the
 * client is shown.
 *
 * <p>Internal: part of the execution path's wiring, not of the public API.
 */
public final class FailureClassifier {

    private static final Logger log = LoggerFactory.getLogger(FailureClassifier.class);

    private static final String SESSION_ID = "sessionId";

    /** What a rate-limited caller is told to wait when the model named no time. */
    private static final Duration DEFAULT_RETRY_AFTER = Duration.ofSeconds(5);

    private FailureClassifier() {
    }

    /**
     * @param failure what was thrown
     * @param what what failed, for the log line, such as {@code workflow 'qa' on mcp}
     * @return the classified failure ({@code failure} itself when it already is one)
     */
    public static CallFailure classify(Throwable failure, String what) {
        return switch (failure) {
            case CallFailure classified -> classified;
            case InvalidInputException e -> CallFailure.of(FailureKind.INVALID_INPUTS, e.getMessage(), e.errors());
            case InvalidSessionIdException e -> CallFailure.of(FailureKind.INVALID_SESSION_ID, e.getMessage(),
                    List.of(new FieldError(SESSION_ID, RunContext.SESSION_ID_RULE)));
            case SessionRequiredException e -> CallFailure.of(FailureKind.SESSION_REQUIRED, e.getMessage(),
                    List.of(new FieldError(SESSION_ID, "required: this workflow keeps its state in a session")));
            case SessionNotFoundException e -> CallFailure.of(FailureKind.SESSION_NOT_FOUND, e.getMessage());
            case SessionExistsException e -> CallFailure.of(FailureKind.SESSION_EXISTS, e.getMessage());
            case SessionStateTooLargeException e -> CallFailure.of(FailureKind.SESSION_STATE_TOO_LARGE,
                    e.getMessage());
            case SessionQuotaExceededException e -> CallFailure.of(FailureKind.SESSION_QUOTA_EXCEEDED, e.getMessage());
            // Not logged per call: the store warns at most once a minute while it is full.
            case SessionStoreFullException e -> CallFailure.of(FailureKind.SESSION_STORE_FULL, e.getMessage());
            // Not logged per call: the store logs each outage once, when it starts and ends.
            case SessionStoreUnavailableException e -> CallFailure.of(FailureKind.SESSION_STORE_UNAVAILABLE,
                    e.getMessage()).retryAfter(e.retryAfter() != null ? e.retryAfter() : DEFAULT_RETRY_AFTER);
            case WorkflowTimeoutException e -> logged(FailureKind.TIMEOUT, e, what, false);
            case WorkflowCancelledException e -> CallFailure.of(FailureKind.CANCELLED, e.getMessage());
            case ModelCallException e -> model(e, what);
            case KaizenException e -> logged(FailureKind.AGENT_FAILURE, e, what, true);
            default -> {
                String id = newCorrelationId();
                log.error("[{}] {} failed unexpectedly", id, what, failure);
                yield CallFailure.logged(FailureKind.INTERNAL, "the server failed to handle the call", id);
            }
        };
    }

    /**
     * @return a new id to log a server-side failure under and show its client
     */
    public static String newCorrelationId() {
        return UUID.randomUUID().toString();
    }

    /** A model's own failure: one warning line, no stack trace (nothing in Kaizen is at fault). */
    private static CallFailure model(ModelCallException e, String what) {
        FailureKind kind = switch (e.reason()) {
            case TIMEOUT -> FailureKind.TIMEOUT;
            case RATE_LIMITED -> FailureKind.MODEL_RATE_LIMITED;
            case UNAVAILABLE -> FailureKind.MODEL_UNAVAILABLE;
        };
        CallFailure failure = logged(kind, e, what, false);
        if (kind == FailureKind.MODEL_RATE_LIMITED) {
            return failure.retryAfter(e.retryAfter() != null ? e.retryAfter() : DEFAULT_RETRY_AFTER);
        }
        return failure;
    }

    private static CallFailure logged(FailureKind kind, KaizenException e, String what, boolean withTrace) {
        String id = newCorrelationId();
        if (withTrace) {
            log.error("[{}] {} failed: {}", id, what, e.getMessage(), e);
        }
        else {
            log.warn("[{}] {} failed: {}", id, what, e.getMessage());
        }
        return CallFailure.logged(kind, e.getMessage(), id);
    }
}

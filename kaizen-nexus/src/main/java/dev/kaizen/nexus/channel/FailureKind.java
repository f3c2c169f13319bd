package dev.kaizen.nexus.channel;

import java.util.Locale;
import java.util.Optional;

/**
 * Every way a call can fail, classified once by the execution path. Each channel maps a kind to
 * its wire form in one place (REST: status and problem type; MCP: an {@code isError} result; the
 * shell: an exit code); docs/errors.md lists the whole table.
 */
public enum FailureKind {

    /** The request itself is unusable: malformed JSON, an unknown envelope field. */
    INVALID_REQUEST("invalid-request", "Invalid request", true),
    /** The inputs do not fit the workflow's signature; each field at fault is named. */
    INVALID_INPUTS("invalid-inputs", "Invalid inputs", true),
    /** The session id breaks the rule (1 to 128 letters, digits, '_' or '-'). */
    INVALID_SESSION_ID("invalid-session-id", "Invalid session id", true),
    /** The workflow keeps its state in a session and the call named none. */
    SESSION_REQUIRED("session-required", "Session required", true),
    /** The session does not exist or has expired. */
    SESSION_NOT_FOUND("session-not-found", "Session not found", true),
    /** A session with that id exists already. */
    SESSION_EXISTS("session-exists", "Session exists", true),
    /** The run would grow the session's state over its limit; nothing was changed. */
    SESSION_STATE_TOO_LARGE("session-state-too-large", "Session state too large", true),
    /** The caller holds as many sessions, or as much session state, as one principal may; nothing was changed. */
    SESSION_QUOTA_EXCEEDED("session-quota-exceeded", "Session quota exceeded", true),
    /** No workflow (or other resource) of that name is served on this channel. */
    NOT_FOUND("not-found", "Not found", true),
    /** The request body is larger than the limit. */
    PAYLOAD_TOO_LARGE("payload-too-large", "Payload too large", true),
    /** The Nexus requires credentials and the call carried none, or none that verify. */
    UNAUTHENTICATED("unauthenticated", "Authentication required", true),
    /** The caller lacks a scope the workflow or operation requires. */
    FORBIDDEN("forbidden", "Forbidden", true),
    /** The caller went over its rate limit; {@code retryAfter} says when it may call again. */
    RATE_LIMITED("rate-limited", "Too many requests", true),
    /** The session store cannot be reached; try again later. */
    SESSION_STORE_UNAVAILABLE("session-store-unavailable", "Session store unavailable", false),
    /** The in-memory session store holds as much as it may; nothing was changed; try again later. */
    SESSION_STORE_FULL("session-store-full", "Session store full", false),
    /** The run did not finish before its deadline. */
    TIMEOUT("timeout", "Workflow timed out", false),
    /** The run was cancelled before it finished. */
    CANCELLED("cancelled", "Cancelled", false),
    /** Too many calls at once; try again later. */
    OVERLOADED("overloaded", "Overloaded", false),
    /** The server is shutting down: the call came after the drain began, or outlived it. */
    SHUTTING_DOWN("shutting-down", "Shutting down", false),
    /** The instance running the run stopped before it ended (its lease in the run store ran out); start it again. */
    INSTANCE_LOST("instance-lost", "Instance lost", false),
    /** The agent's model refused the call for its rate limit (429); try again later. */
    MODEL_RATE_LIMITED("model-rate-limited", "Model rate limited", false),
    /** The agent's model could not be reached, or answered with a server error (5xx). */
    MODEL_UNAVAILABLE("model-unavailable", "Model unavailable", false),
    /** The agent failed (threw, or answered outside its signature). */
    AGENT_FAILURE("agent-failure", "Agent failed", false),
    /** Anything else: a fault of the server, logged under a correlation id. */
    INTERNAL("internal-error", "Internal error", false);

    private final String slug;

    private final String title;

    private final boolean callerError;

    FailureKind(String slug, String title, boolean callerError) {
        this.slug = slug;
        this.title = title;
        this.callerError = callerError;
    }

    /**
     * @return the short name used in REST problem types ({@code urn:kaizen:problem:<slug>})
     */
    public String slug() {
        return slug;
    }

    /**
     * @return a short human title
     */
    public String title() {
        return title;
    }

    /**
     * @return whether the caller can fix it by changing the request (nothing is logged then)
     */
    public boolean callerError() {
        return callerError;
    }

    /**
     * @param slug a slug, such as {@code invalid-inputs}
     * @return the kind of that slug, if any
     */
    public static Optional<FailureKind> ofSlug(String slug) {
        for (FailureKind kind : values()) {
            if (kind.slug.equals(slug)) {
                return Optional.of(kind);
            }
        }
        return Optional.empty();
    }

    @Override
    public String toString() {
        return name().toLowerCase(Locale.ROOT);
    }
}

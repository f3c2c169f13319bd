package dev.kaizen.nexus.channel;

import java.time.Duration;
import java.util.List;
import java.util.Objects;

import org.jspecify.annotations.Nullable;

import dev.kaizen.core.FieldError;

/**
 * A call that failed, classified: its {@link FailureKind}, a message written for the client, the
 * fields at fault, and for server-side failures the correlation id under which it was logged.
 * Never carries a stack trace to a client (it records none).
 */
public final class CallFailure extends RuntimeException {

    private final FailureKind kind;

    private final List<FieldError> errors;

    private final @Nullable String correlationId;

    private final @Nullable Duration retryAfter;

    private final long rateLimit;

    private CallFailure(FailureKind kind, String message, List<FieldError> errors, @Nullable String correlationId,
            @Nullable Duration retryAfter) {
        this(kind, message, errors, correlationId, retryAfter, 0);
    }

    private CallFailure(FailureKind kind, String message, List<FieldError> errors, @Nullable String correlationId,
            @Nullable Duration retryAfter, long rateLimit) {
        super(message, null, false, false);
        this.rateLimit = rateLimit;
        this.kind = Objects.requireNonNull(kind, "kind");
        this.errors = List.copyOf(errors);
        this.correlationId = correlationId;
        this.retryAfter = retryAfter;
    }

    /**
     * @param kind what went wrong
     * @param message a message for the client, naming what is at fault
     * @return the failure
     */
    public static CallFailure of(FailureKind kind, String message) {
        return new CallFailure(kind, message, List.of(), null, null);
    }

    /**
     * @param kind what went wrong
     * @param message a message for the client
     * @param errors the fields at fault
     * @return the failure
     */
    public static CallFailure of(FailureKind kind, String message, List<FieldError> errors) {
        return new CallFailure(kind, message, errors, null, null);
    }

    /**
     * @param kind what went wrong, a server-side kind
     * @param message a message for the client
     * @param correlationId the id the failure was logged under
     * @return the failure
     */
    public static CallFailure logged(FailureKind kind, String message, String correlationId) {
        return new CallFailure(kind, message, List.of(), Objects.requireNonNull(correlationId), null);
    }

    /**
     * @param message what limit was reached
     * @param limit how many calls the limit allows per period
     * @param retryAfter when the next call may go ahead
     * @return a {@link FailureKind#RATE_LIMITED} failure
     */
    public static CallFailure rateLimited(String message, long limit, Duration retryAfter) {
        return new CallFailure(FailureKind.RATE_LIMITED, message, List.of(), null, retryAfter, limit);
    }

    /**
     * @return the number of calls per period of the limit a {@code rate-limited} failure reached,
     *     or 0
     */
    public long rateLimit() {
        return rateLimit;
    }

    /**
     * @param retryAfter when the caller may try again
     * @return this failure with that hint
     */
    public CallFailure retryAfter(Duration retryAfter) {
        return new CallFailure(kind, getMessage(), errors, correlationId, retryAfter);
    }

    /**
     * @return what went wrong
     */
    public FailureKind kind() {
        return kind;
    }

    /**
     * @return the fields at fault, each with its problem; empty when no field is
     */
    public List<FieldError> errors() {
        return errors;
    }

    /**
     * @return the id the failure was logged under, for server-side failures
     */
    public @Nullable String correlationId() {
        return correlationId;
    }

    /**
     * @return when the caller may try again, if known
     */
    public @Nullable Duration retryAfter() {
        return retryAfter;
    }

    /**
     * @return the retry hint in whole seconds, rounded up and at least 1 (never "retry at once"),
     *     or 0 without a hint; what every channel tells the caller
     */
    public long retryAfterSeconds() {
        if (retryAfter == null) {
            return 0;
        }
        long whole = retryAfter.toSeconds();
        return Math.max(1, retryAfter.equals(Duration.ofSeconds(whole)) ? whole : whole + 1);
    }

    @Override
    public String getMessage() {
        return Objects.requireNonNull(super.getMessage());
    }
}

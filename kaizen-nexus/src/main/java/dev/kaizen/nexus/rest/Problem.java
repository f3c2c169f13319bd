package dev.kaizen.nexus.rest;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.web.servlet.function.ServerResponse;

import dev.kaizen.core.FieldError;
import dev.kaizen.nexus.channel.CallFailure;
import dev.kaizen.nexus.channel.FailureKind;

/**
 * An RFC 9457 problem: what every REST error answers with, as {@code application/problem+json}.
 * The detail is always a message written for the client; never a stack trace.
 *
 * <p>{@link #of(CallFailure)} is the REST column of the failure table: the one place a
 * {@link FailureKind} becomes an HTTP status.
 */
final class Problem extends RuntimeException {

    /** What every problem type starts with; the rest is the failure kind's slug. */
    static final String TYPE_PREFIX = "urn:kaizen:problem:";

    /** 499, as nginx and Google's APIs answer a request its client gave up on. */
    private static final HttpStatusCode CLIENT_CLOSED_REQUEST = HttpStatusCode.valueOf(499);

    private final HttpStatusCode status;

    private final String slug;

    private final String title;

    private final List<FieldError> errors;

    private final @Nullable String correlationId;

    private final Map<String, String> headers;

    private Problem(HttpStatusCode status, String slug, String title, String detail, List<FieldError> errors,
            @Nullable String correlationId, Map<String, String> headers) {
        super(detail, null, false, false);
        this.status = status;
        this.slug = slug;
        this.title = title;
        this.errors = errors;
        this.correlationId = correlationId;
        this.headers = headers;
    }

    static Problem of(HttpStatus status, String slug, String title, String detail) {
        return new Problem(status, slug, title, detail, List.of(), null, Map.of());
    }

    /**
     * @param failure a classified failure
     * @return its problem: the status the failure table gives its kind
     */
    static Problem of(CallFailure failure) {
        Map<String, String> headers = new LinkedHashMap<>();
        if (failure.correlationId() != null) {
            headers.put(WorkflowHandlers.CORRELATION_HEADER, failure.correlationId());
        }
        if (failure.retryAfter() != null) {
            headers.put("Retry-After", Long.toString(failure.retryAfterSeconds()));
        }
        if (failure.rateLimit() > 0) {
            // The RateLimit header fields clients and gateways read (draft-ietf-httpapi-ratelimit-headers).
            headers.put("RateLimit-Limit", Long.toString(failure.rateLimit()));
            headers.put("RateLimit-Remaining", "0");
            headers.put("RateLimit-Reset", Long.toString(failure.retryAfterSeconds()));
        }
        return new Problem(status(failure.kind()), failure.kind().slug(), failure.kind().title(), failure.getMessage(),
                failure.errors(), failure.correlationId(), headers);
    }

    /** The REST column of the failure table (docs/errors.md). */
    static HttpStatusCode status(FailureKind kind) {
        return switch (kind) {
            case INVALID_REQUEST, INVALID_INPUTS, INVALID_SESSION_ID, SESSION_REQUIRED -> HttpStatus.BAD_REQUEST;
            case SESSION_NOT_FOUND, NOT_FOUND -> HttpStatus.NOT_FOUND;
            case SESSION_EXISTS -> HttpStatus.CONFLICT;
            case SESSION_STATE_TOO_LARGE, PAYLOAD_TOO_LARGE -> HttpStatus.PAYLOAD_TOO_LARGE;
            case UNAUTHENTICATED -> HttpStatus.UNAUTHORIZED;
            case FORBIDDEN -> HttpStatus.FORBIDDEN;
            case RATE_LIMITED, SESSION_QUOTA_EXCEEDED -> HttpStatus.TOO_MANY_REQUESTS;
            case SESSION_STORE_FULL -> HttpStatus.INSUFFICIENT_STORAGE;
            case SESSION_STORE_UNAVAILABLE, OVERLOADED, SHUTTING_DOWN, INSTANCE_LOST, MODEL_RATE_LIMITED ->
                HttpStatus.SERVICE_UNAVAILABLE;
            case MODEL_UNAVAILABLE -> HttpStatus.BAD_GATEWAY;
            case TIMEOUT -> HttpStatus.GATEWAY_TIMEOUT;
            case CANCELLED -> CLIENT_CLOSED_REQUEST;
            case AGENT_FAILURE, INTERNAL -> HttpStatus.INTERNAL_SERVER_ERROR;
        };
    }

    /** The request itself is unusable: malformed JSON, or a body that is not the envelope. */
    static Problem invalidRequest(String detail, List<FieldError> errors) {
        return of(CallFailure.of(FailureKind.INVALID_REQUEST, detail, errors));
    }

    /** The body is over the size limit: the same answer for every body the Nexus reads. */
    static Problem tooLarge(long maxBytes) {
        return of(CallFailure.of(FailureKind.PAYLOAD_TOO_LARGE,
                "the request body is larger than the limit of " + maxBytes + " bytes"));
    }

    static Problem methodNotAllowed(String method, String allowed) {
        return new Problem(HttpStatus.METHOD_NOT_ALLOWED, "method-not-allowed", "Method not allowed",
                "method " + method + " is not allowed here; use " + allowed, List.of(), null, Map.of("Allow", allowed));
    }

    static Problem notFound(String detail) {
        return of(CallFailure.of(FailureKind.NOT_FOUND, detail));
    }

    private static Map<String, String> entry(FieldError error) {
        Map<String, String> entry = new LinkedHashMap<>();
        entry.put("field", error.field());
        entry.put("problem", error.problem());
        return entry;
    }

    HttpStatusCode status() {
        return status;
    }

    /** The field errors as one line, for tests and logs. */
    String errorsText() {
        return errors.toString();
    }

    /**
     * A problem with a status of the web server's own, named after a failure kind.
     *
     * @param status the status the server answered with
     * @param kind the kind whose type and title the problem takes
     * @param detail what is wrong
     * @return the problem
     */
    static Problem of(int status, FailureKind kind, String detail) {
        return new Problem(HttpStatusCode.valueOf(status), kind.slug(), kind.title(), detail, List.of(), null,
                Map.of());
    }

    ServerResponse toResponse(String instance) {
        ServerResponse.BodyBuilder response = ServerResponse.status(status).contentType(MediaType.APPLICATION_PROBLEM_JSON);
        headers.forEach(response::header);
        return response.body(body(instance));
    }

    /**
     * @param instance the path the problem is about
     * @return the problem's RFC 9457 JSON form
     */
    Map<String, Object> body(String instance) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("type", TYPE_PREFIX + slug);
        body.put("title", title);
        body.put("status", status.value());
        body.put("detail", getMessage());
        body.put("instance", instance);
        if (!errors.isEmpty()) {
            body.put("errors", errors.stream().map(Problem::entry).toList());
        }
        if (correlationId != null) {
            body.put("correlationId", correlationId);
        }
        return body;
    }
}

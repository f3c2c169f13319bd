package dev.kaizen.nexus.rest;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.web.servlet.function.ServerResponse;

import dev.kaizen.core.FieldError;

/**
 * An RFC 9457 problem: what every REST error answers with, as {@code application/problem+json}.
 * The detail is always a message written for the client; never a stack trace.
 */
final class Problem extends RuntimeException {

    private static final String TYPE_PREFIX = "urn:kaizen:problem:";

    private final HttpStatus status;

    private final String slug;

    private final String title;

    private final List<FieldError> errors;

    private final @Nullable String correlationId;

    private final Map<String, String> headers;

    private Problem(HttpStatus status, String slug, String title, String detail, List<FieldError> errors,
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

    /** The request itself is unusable: malformed JSON, or a body that is not the execute envelope. */
    static Problem invalidRequest(String detail, List<FieldError> errors) {
        return new Problem(HttpStatus.BAD_REQUEST, "invalid-request", "Invalid request", detail, List.copyOf(errors),
                null, Map.of());
    }

    /** The envelope is fine but the inputs do not fit the workflow's signature. */
    static Problem invalidInputs(String detail, List<FieldError> errors) {
        return new Problem(HttpStatus.BAD_REQUEST, "invalid-inputs", "Invalid inputs", detail, List.copyOf(errors),
                null, Map.of());
    }

    static Problem methodNotAllowed(String method, String allowed) {
        return new Problem(HttpStatus.METHOD_NOT_ALLOWED, "method-not-allowed", "Method not allowed",
                "method " + method + " is not allowed here; use " + allowed, List.of(), null, Map.of("Allow", allowed));
    }

    static Problem notFound(String detail) {
        return of(HttpStatus.NOT_FOUND, "not-found", "Not found", detail);
    }

    static Problem serverSide(HttpStatus status, String slug, String title, String detail, String correlationId) {
        return new Problem(status, slug, title, detail, List.of(), correlationId,
                Map.of(WorkflowHandlers.CORRELATION_HEADER, correlationId));
    }

    private static Map<String, String> entry(FieldError error) {
        Map<String, String> entry = new LinkedHashMap<>();
        entry.put("field", error.field());
        entry.put("problem", error.problem());
        return entry;
    }

    HttpStatus status() {
        return status;
    }

    ServerResponse toResponse(String instance) {
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
        ServerResponse.BodyBuilder response = ServerResponse.status(status).contentType(MediaType.APPLICATION_PROBLEM_JSON);
        headers.forEach(response::header);
        return response.body(body);
    }
}

package dev.kaizen.nexus.rest;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

import org.jspecify.annotations.Nullable;
import org.springframework.http.MediaType;
import org.springframework.web.servlet.function.ServerRequest;
import org.springframework.web.servlet.function.ServerResponse;

import dev.kaizen.core.FieldError;
import dev.kaizen.core.FieldType;
import dev.kaizen.core.RunContext;
import dev.kaizen.nexus.admin.NexusAdmin;
import dev.kaizen.nexus.channel.Caller;
import dev.kaizen.nexus.session.SessionIds;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code /api/sessions}: create, read, list and delete sessions, the same sessions every channel
 * continues by id. The work is the admin service's; this class only speaks HTTP.
 */
final class SessionHandlers {

    static final String PATH = "/api/sessions";

    private static final long MAX_TTL_SECONDS = Duration.ofDays(365).toSeconds();

    private static final List<String> FIELDS = List.of("sessionId", "userId", "ttlSeconds");

    private final NexusAdmin admin;

    private final JsonMapper json;

    private final long maxRequestBytes;

    private final Function<ServerRequest, Caller> callers;

    SessionHandlers(NexusAdmin admin, JsonMapper json, long maxRequestBytes, Function<ServerRequest, Caller> callers) {
        this.callers = callers;
        this.admin = admin;
        this.json = json;
        this.maxRequestBytes = maxRequestBytes;
    }

    ServerResponse list(ServerRequest request) {
        return ok(admin.sessions(callers.apply(request)));
    }

    ServerResponse create(ServerRequest request) {
        Map<String, Object> body = JsonBody.readObject(request, maxRequestBytes, json, false);
        List<FieldError> errors = new ArrayList<>();
        String id = null;
        String userId = null;
        Duration ttl = null;
        if (body != null) {
            id = text(body, "sessionId", errors);
            userId = text(body, "userId", errors);
            ttl = ttl(body, errors);
            if (id != null && !SessionIds.isValid(id)) {
                // Named here with the other fields, so one answer lists every problem.
                errors.add(new FieldError("sessionId", RunContext.SESSION_ID_RULE));
            }
            for (String field : body.keySet()) {
                if (!FIELDS.contains(field)) {
                    errors.add(new FieldError(field, "unknown field; the body takes sessionId, userId, ttlSeconds"));
                }
            }
        }
        if (!errors.isEmpty()) {
            throw Problem.invalidRequest("the request body is not a valid session", errors);
        }
        Map<String, Object> session = admin.createSession(id, userId, ttl, callers.apply(request));
        String created = String.valueOf(session.get("id"));
        return ServerResponse.created(URI.create(PATH + "/" + created)).contentType(MediaType.APPLICATION_JSON)
                .header(WorkflowHandlers.SESSION_HEADER, created).body(session);
    }

    ServerResponse get(ServerRequest request, String id) {
        return ok(admin.session(id, null, callers.apply(request)));
    }

    ServerResponse delete(ServerRequest request, String id) {
        admin.deleteSession(id, callers.apply(request));
        return ServerResponse.noContent().build();
    }

    private static ServerResponse ok(Object body) {
        return ServerResponse.ok().contentType(MediaType.APPLICATION_JSON).body(body);
    }

    private static @Nullable String text(Map<String, Object> body, String field, List<FieldError> errors) {
        Object value = body.get(field);
        if (value == null) {
            return null;
        }
        if (!(value instanceof String text)) {
            errors.add(new FieldError(field, "expected string, got " + FieldType.jsonTypeOf(value)));
            return null;
        }
        return text;
    }

    private static @Nullable Duration ttl(Map<String, Object> body, List<FieldError> errors) {
        Object value = body.get("ttlSeconds");
        if (value == null) {
            return null;
        }
        // Integer or Long only: a BigInteger (2^70) or a fraction is out of range by definition.
        long seconds = value instanceof Integer || value instanceof Long ? ((Number) value).longValue() : -1;
        if (seconds < 1 || seconds > MAX_TTL_SECONDS) {
            errors.add(new FieldError("ttlSeconds", "expected an integer from 1 to " + MAX_TTL_SECONDS));
            return null;
        }
        return Duration.ofSeconds(seconds);
    }
}

package dev.kaizen.nexus.rest;

import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.web.servlet.function.ServerRequest;
import org.springframework.web.servlet.function.ServerResponse;

import dev.kaizen.core.FieldError;
import dev.kaizen.core.RunContext;
import dev.kaizen.core.KaizenException;
import dev.kaizen.nexus.session.NexusSessionManager;
import dev.kaizen.nexus.session.Session;
import dev.kaizen.nexus.session.SessionIds;
import dev.kaizen.nexus.session.SessionViews;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code /api/sessions}: create, read, list and delete sessions, the same sessions every channel
 * continues by id.
 */
final class SessionHandlers {

    static final String PATH = "/api/sessions";

    private static final int LIST_LIMIT = 100;

    private static final long MAX_TTL_SECONDS = Duration.ofDays(365).toSeconds();

    private final NexusSessionManager sessions;

    private final JsonMapper json;

    SessionHandlers(NexusSessionManager sessions, JsonMapper json) {
        this.sessions = sessions;
        this.json = json;
    }

    ServerResponse list() {
        return guarded(() -> ServerResponse.ok().contentType(MediaType.APPLICATION_JSON)
                .body(SessionViews.overview(sessions, LIST_LIMIT)));
    }

    ServerResponse create(ServerRequest request) {
        JsonNode body = readBody(request);
        List<FieldError> errors = new ArrayList<>();
        String id = text(body, "sessionId", errors);
        String userId = text(body, "userId", errors);
        Duration ttl = ttl(body, errors);
        if (id != null && !SessionIds.isValid(id)) {
            errors.add(new FieldError("sessionId", RunContext.SESSION_ID_RULE));
        }
        for (Map.Entry<String, JsonNode> field : body.properties()) {
            if (!List.of("sessionId", "userId", "ttlSeconds").contains(field.getKey())) {
                errors.add(new FieldError(field.getKey(), "unknown field; the body takes sessionId, userId, ttlSeconds"));
            }
        }
        if (!errors.isEmpty()) {
            throw Problem.invalidRequest("the request body is not a valid session", errors);
        }
        Session session = guarded(() -> sessions.createSession(id == null ? SessionIds.generate() : id, userId,
                ttl == null ? sessions.sessionTtl() : ttl));
        return ServerResponse.created(URI.create(PATH + "/" + session.id())).contentType(MediaType.APPLICATION_JSON)
                .header(WorkflowHandlers.SESSION_HEADER, session.id()).body(SessionViews.of(session));
    }

    ServerResponse get(String id) {
        requireValid(id);
        Session session = guarded(() -> sessions.getSession(id)).orElseThrow(() -> notFound(id));
        return ServerResponse.ok().contentType(MediaType.APPLICATION_JSON).body(SessionViews.of(session));
    }

    ServerResponse delete(String id) {
        requireValid(id);
        if (!guarded(() -> sessions.deleteSession(id))) {
            throw notFound(id);
        }
        return ServerResponse.noContent().build();
    }

    private JsonNode readBody(ServerRequest request) {
        try {
            byte[] bytes = request.servletRequest().getInputStream().readNBytes(64 * 1024);
            if (bytes.length == 0) {
                return json.createObjectNode();
            }
            JsonNode node = json.readTree(bytes);
            if (!node.isObject()) {
                throw Problem.invalidRequest("the request body must be a JSON object",
                        List.of(new FieldError("body", "expected object")));
            }
            return node;
        }
        catch (JacksonException e) {
            throw Problem.invalidRequest("the request body is not valid JSON",
                    List.of(new FieldError("body", "malformed JSON: " + e.getOriginalMessage())));
        }
        catch (IOException e) {
            throw Problem.invalidRequest("the request body could not be read: " + e.getMessage(), List.of());
        }
    }

    private static @Nullable String text(JsonNode body, String field, List<FieldError> errors) {
        JsonNode value = body.get(field);
        if (value == null || value.isNull()) {
            return null;
        }
        if (!value.isString()) {
            errors.add(new FieldError(field, "expected string"));
            return null;
        }
        return value.asString();
    }

    private static @Nullable Duration ttl(JsonNode body, List<FieldError> errors) {
        JsonNode value = body.get("ttlSeconds");
        if (value == null || value.isNull()) {
            return null;
        }
        if (!value.isIntegralNumber() || value.asLong() < 1 || value.asLong() > MAX_TTL_SECONDS) {
            errors.add(new FieldError("ttlSeconds", "expected an integer from 1 to " + MAX_TTL_SECONDS));
            return null;
        }
        return Duration.ofSeconds(value.asLong());
    }

    private static void requireValid(String id) {
        if (!SessionIds.isValid(id)) {
            throw Problem.invalidRequest("not a valid session id", List.of(new FieldError("id",
                    RunContext.SESSION_ID_RULE)));
        }
    }

    private static Problem notFound(String id) {
        return Problem.of(HttpStatus.NOT_FOUND, "session-not-found", "Session not found",
                "session '" + id + "' does not exist or has expired");
    }

    /** Runs a session operation, turning session failures (store down, id taken) into problems. */
    private static <T> T guarded(java.util.function.Supplier<T> operation) {
        try {
            return operation.get();
        }
        catch (KaizenException e) {
            Problem problem = SessionProblems.of(e);
            if (problem == null) {
                throw e;
            }
            throw problem;
        }
    }
}

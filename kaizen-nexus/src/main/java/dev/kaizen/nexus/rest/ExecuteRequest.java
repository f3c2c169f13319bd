package dev.kaizen.nexus.rest;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;

import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.web.servlet.function.ServerRequest;

import dev.kaizen.core.FieldError;
import dev.kaizen.core.FieldType;
import dev.kaizen.core.RunContext;
import dev.kaizen.nexus.session.SessionIds;
import tools.jackson.core.JacksonException;
import tools.jackson.core.TokenStreamLocation;
import tools.jackson.databind.json.JsonMapper;

/**
 * The body of {@code POST .../execute}: {@code {"inputs": {...}, "sessionId": "optional"}}.
 * Reading it checks, in order, the content type (415), the size (413), the JSON (400) and the
 * envelope's own fields (400), each with a problem that names what is wrong.
 */
record ExecuteRequest(Map<String, Object> inputs, @Nullable String sessionId) {

    static ExecuteRequest read(ServerRequest request, long maxBytes, JsonMapper json) {
        requireJson(request);
        byte[] body = readBounded(request, maxBytes);
        if (body.length == 0) {
            return new ExecuteRequest(Map.of(), null);
        }
        return fromJson(parse(body, json));
    }

    private static void requireJson(ServerRequest request) {
        MediaType type = request.headers().contentType().orElse(null);
        boolean json = type != null && (type.isCompatibleWith(MediaType.APPLICATION_JSON)
                || type.getSubtype().endsWith("+json"));
        if (!json) {
            throw Problem.of(HttpStatus.UNSUPPORTED_MEDIA_TYPE, "unsupported-media-type", "Unsupported media type",
                    "Content-Type must be application/json, was " + (type == null ? "missing" : type.getType() + "/" + type.getSubtype()));
        }
    }

    private static byte[] readBounded(ServerRequest request, long maxBytes) {
        OptionalLong declared = request.headers().contentLength();
        if (declared.isPresent() && declared.getAsLong() > maxBytes) {
            throw tooLarge(maxBytes);
        }
        try (InputStream in = request.servletRequest().getInputStream()) {
            // One byte past the limit tells a too-large chunked body from one that just fits.
            byte[] body = in.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, maxBytes + 1));
            if (body.length > maxBytes) {
                throw tooLarge(maxBytes);
            }
            return body;
        }
        catch (IOException e) {
            throw Problem.invalidRequest("the request body could not be read: " + e.getMessage(), List.of());
        }
    }

    private static Problem tooLarge(long maxBytes) {
        return Problem.of(HttpStatus.PAYLOAD_TOO_LARGE, "payload-too-large", "Payload too large",
                "the request body is larger than the limit of " + maxBytes + " bytes");
    }

    private static Map<String, Object> parse(byte[] body, JsonMapper json) {
        Object root;
        try {
            root = json.readValue(body, Object.class);
        }
        catch (JacksonException e) {
            TokenStreamLocation at = e.getLocation();
            String where = at == null ? "" : " at line " + at.getLineNr() + ", column " + at.getColumnNr();
            String problem = "malformed JSON" + where + ": " + e.getOriginalMessage();
            throw Problem.invalidRequest("the request body is not valid JSON", List.of(new FieldError("body", problem)));
        }
        if (!(root instanceof Map<?, ?> map)) {
            throw Problem.invalidRequest("the request body must be a JSON object",
                    List.of(new FieldError("body", "expected object with inputs and optional sessionId, got "
                            + FieldType.jsonTypeOf(root))));
        }
        @SuppressWarnings("unchecked")
        Map<String, Object> object = (Map<String, Object>) map;
        return object;
    }

    private static ExecuteRequest fromJson(Map<String, Object> root) {
        List<FieldError> errors = new ArrayList<>();
        Map<String, Object> inputs = Map.of();
        String sessionId = null;
        for (Map.Entry<String, Object> field : root.entrySet()) {
            Object value = field.getValue();
            switch (field.getKey()) {
                case "inputs" -> {
                    if (value instanceof Map<?, ?> map) {
                        @SuppressWarnings("unchecked")
                        Map<String, Object> typed = (Map<String, Object>) map;
                        inputs = typed;
                    }
                    else if (value != null) {
                        errors.add(new FieldError("inputs", "expected object, got " + FieldType.jsonTypeOf(value)));
                    }
                }
                case "sessionId" -> {
                    if (value instanceof String id && SessionIds.isValid(id)) {
                        sessionId = id;
                    }
                    else if (value != null) {
                        errors.add(new FieldError("sessionId", value instanceof String
                                ? RunContext.SESSION_ID_RULE
                                : "expected string, got " + FieldType.jsonTypeOf(value)));
                    }
                }
                default -> errors.add(new FieldError(field.getKey(), "unknown field; the body takes inputs and sessionId"));
            }
        }
        if (!errors.isEmpty()) {
            throw Problem.invalidRequest("the request body is not a valid execute request", errors);
        }
        return new ExecuteRequest(inputs, sessionId);
    }
}

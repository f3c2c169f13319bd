package dev.kaizen.nexus.rest;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;
import org.springframework.web.servlet.function.ServerRequest;

import dev.kaizen.core.FieldError;
import dev.kaizen.core.FieldType;
import tools.jackson.databind.json.JsonMapper;

/**
 * The body of {@code POST .../execute}: {@code {"inputs": {...}, "sessionId": "optional"}}.
 * Reading it checks the body by {@link JsonBody}'s rule (415, 413, 400), then the envelope's own
 * fields (400), each with a problem that names what is wrong.
 */
record ExecuteRequest(Map<String, Object> inputs, @Nullable String sessionId, @Nullable String callbackUrl) {

    static ExecuteRequest read(ServerRequest request, long maxBytes, JsonMapper json) {
        Map<String, Object> body = JsonBody.readObject(request, maxBytes, json, true);
        return body == null ? new ExecuteRequest(Map.of(), null, null) : fromJson(body);
    }

    /** The envelope's fields, or a 400 problem naming each field at fault. */
    static ExecuteRequest fromJson(Map<String, Object> root) {
        List<FieldError> errors = new ArrayList<>();
        Map<String, Object> inputs = Map.of();
        String sessionId = null;
        String callbackUrl = null;
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
                    // Only the type here: the id itself is checked where sessions are resolved.
                    if (value instanceof String id) {
                        sessionId = id;
                    }
                    else if (value != null) {
                        errors.add(new FieldError("sessionId", "expected string, got " + FieldType.jsonTypeOf(value)));
                    }
                }
                case "callbackUrl" -> {
                    if (value instanceof String url) {
                        callbackUrl = url;
                    }
                    else if (value != null) {
                        errors.add(new FieldError("callbackUrl", "expected string, got " + FieldType.jsonTypeOf(value)));
                    }
                }
                default -> errors.add(new FieldError(field.getKey(),
                        "unknown field; the body takes inputs, sessionId and callbackUrl"));
            }
        }
        if (!errors.isEmpty()) {
            throw Problem.invalidRequest("the request body is not a valid execute request", errors);
        }
        return new ExecuteRequest(inputs, sessionId, callbackUrl);
    }
}

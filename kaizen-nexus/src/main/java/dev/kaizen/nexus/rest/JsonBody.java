package dev.kaizen.nexus.rest;

import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;

import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.web.servlet.function.ServerRequest;

import dev.kaizen.core.FieldError;
import dev.kaizen.core.FieldType;
import dev.kaizen.nexus.LogSafe;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.json.JsonMapper;

/**
 * Reads every request body the REST channel takes, with one rule for all: JSON content type (415),
 * at most the configured size (413, never a silent cut), well-formed JSON with no key given twice
 * and nothing after the value (400 naming the line and column), and a JSON object at the top.
 */
final class JsonBody {

    private JsonBody() {
    }

    /**
     * @param request the request
     * @param maxBytes the size limit
     * @param json the mapper
     * @param contentTypeRequired whether an empty body must still declare JSON
     * @return the body's object, or {@code null} when the body is empty
     */
    static @Nullable Map<String, Object> readObject(ServerRequest request,
            long maxBytes, JsonMapper json, boolean contentTypeRequired) {
        if (contentTypeRequired) {
            requireJson(request);
        }
        byte[] body = readBounded(request, maxBytes);
        if (body.length == 0) {
            return null;
        }
        if (!contentTypeRequired) {
            requireJson(request);
        }
        return parseObject(body, json);
    }

    private static void requireJson(ServerRequest request) {
        MediaType type;
        try {
            type = request.headers().contentType().orElse(null);
        }
        catch (IllegalArgumentException e) { // InvalidMediaTypeException, or an unknown charset
            throw unsupported("Content-Type is not a valid media type; use application/json");
        }
        boolean isJson = type != null && (type.isCompatibleWith(MediaType.APPLICATION_JSON)
                || type.getSubtype().endsWith("+json"));
        if (!isJson) {
            throw unsupported("Content-Type must be application/json, was "
                    + (type == null ? "missing" : LogSafe.escape(type.getType() + "/" + type.getSubtype())));
        }
    }

    static Problem unsupported(String detail) {
        return Problem.of(HttpStatus.UNSUPPORTED_MEDIA_TYPE, "unsupported-media-type", "Unsupported media type", detail);
    }

    private static byte[] readBounded(ServerRequest request, long maxBytes) {
        OptionalLong declared = request.headers().contentLength();
        if (declared.isPresent() && declared.getAsLong() > maxBytes) {
            throw Problem.tooLarge(maxBytes);
        }
        try (InputStream in = request.servletRequest().getInputStream()) {
            // One byte past the limit tells a too-large chunked body from one that just fits.
            byte[] body = in.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, maxBytes + 1));
            if (body.length > maxBytes) {
                throw Problem.tooLarge(maxBytes);
            }
            return body;
        }
        catch (IOException e) {
            throw Problem.invalidRequest("the request body could not be read: " + e.getMessage(), List.of());
        }
    }

    /** The body's JSON object, or a 400 problem naming what is wrong with it. */
    static Map<String, Object> parseObject(byte[] body, JsonMapper json) {
        Object root;
        try {
            root = json.readValue(body, Object.class);
        }
        catch (JacksonException e) {
            throw Problem.invalidRequest("the request body is not valid JSON",
                    List.of(new FieldError("body", LogSafe.jsonProblem(e))));
        }
        if (!(root instanceof Map<?, ?> map)) {
            throw Problem.invalidRequest("the request body must be a JSON object",
                    List.of(new FieldError("body", "expected object, got " + FieldType.jsonTypeOf(root))));
        }
        @SuppressWarnings("unchecked")
        Map<String, Object> object = (Map<String, Object>) map;
        return object;
    }
}

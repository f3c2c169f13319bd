package dev.kaizen.nexus.mcp;

import java.io.IOException;
import java.nio.charset.StandardCharsets;

import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpServletResponseWrapper;
import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpStatus;
import tools.jackson.databind.json.JsonMapper;

import io.modelcontextprotocol.spec.McpSchema;

/**
 * The response of one request to the MCP endpoint, on which every error is a JSON-RPC error
 * object: Kaizen's own refusals ({@link #write}) and those the SDK's transport or the servlet
 * sends through the container's error page ({@code sendError}: a server shutting down, a GET or
 * DELETE naming no session...), which would otherwise be Spring Boot's error JSON or an HTML page.
 */
final class JsonRpcErrors extends HttpServletResponseWrapper {

    private final JsonMapper json;

    /**
     * @param response the container's response
     * @param json writes the error bodies
     */
    JsonRpcErrors(HttpServletResponse response, JsonMapper json) {
        super(response);
        this.json = json;
    }

    @Override
    public void sendError(int status) throws IOException {
        sendError(status, null);
    }

    @Override
    public void sendError(int status, @Nullable String message) throws IOException {
        if (isCommitted()) {
            throw new IllegalStateException("the response is committed already: too late for an error");
        }
        resetBuffer();
        HttpStatus known = HttpStatus.resolve(status);
        String said = message != null && !message.isBlank() ? McpErrorSerializer.plain(message)
                : known != null ? known.getReasonPhrase() : "HTTP " + status;
        write((HttpServletResponse) getResponse(), json, status, null,
                status >= 500 ? McpSchema.ErrorCodes.INTERNAL_ERROR : McpSchema.ErrorCodes.INVALID_REQUEST, said);
        flushBuffer();
    }

    /**
     * Answers a request with a JSON-RPC error.
     *
     * @param response the response, nothing written to it yet
     * @param json writes the body
     * @param status the HTTP status
     * @param id the id of the request answered, or {@code null} when unknown
     * @param code the JSON-RPC error code
     * @param message what is wrong, safe to show
     * @throws IOException if the client has gone
     */
    static void write(HttpServletResponse response, JsonMapper json, int status, @Nullable Object id, int code,
            String message) throws IOException {
        byte[] body = json.writeValueAsBytes(McpErrorSerializer.body(id, code, message));
        response.setStatus(status);
        response.setContentType("application/json");
        response.setCharacterEncoding(StandardCharsets.UTF_8.name());
        response.setContentLength(body.length);
        try {
            response.getOutputStream().write(body);
        }
        catch (IllegalStateException writerTaken) {
            response.getWriter().write(new String(body, StandardCharsets.UTF_8));
        }
    }
}

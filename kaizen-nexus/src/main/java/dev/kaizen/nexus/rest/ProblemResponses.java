package dev.kaizen.nexus.rest;

import java.io.IOException;

import jakarta.servlet.http.HttpServletResponse;
import tools.jackson.databind.json.JsonMapper;

import dev.kaizen.nexus.LogSafe;
import dev.kaizen.nexus.channel.FailureKind;

/**
 * Writes the REST channel's RFC 9457 problem from a servlet filter, for answers given before any
 * handler runs (authentication, Host and Origin checks), so they look like every other error of
 * the Nexus.
 *
 * <p>Internal: used by the security filters.
 */
public final class ProblemResponses {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private ProblemResponses() {
    }

    /**
     * @param response the response, not yet committed
     * @param instance the request path the problem is about
     * @param status the HTTP status
     * @param kind the failure kind whose type and title the problem takes
     * @param detail what is wrong, for the client
     * @throws IOException if the client has gone
     */
    public static void write(HttpServletResponse response, String instance, int status, FailureKind kind, String detail)
            throws IOException {
        send(response, status, Problem.of(status, kind, detail), instance);
    }

    /**
     * @param response the response, not yet committed
     * @param instance the request path the problem is about
     * @param detail why the request's {@code Content-Type} is refused
     * @throws IOException if the client has gone
     */
    public static void writeUnsupportedMediaType(HttpServletResponse response, String instance, String detail)
            throws IOException {
        send(response, 415, JsonBody.unsupported(detail), instance);
    }

    private static void send(HttpServletResponse response, int status, Problem problem, String instance)
            throws IOException {
        response.setStatus(status);
        response.setContentType("application/problem+json");
        response.setCharacterEncoding("UTF-8");
        response.getWriter().write(JSON.writeValueAsString(problem.body(LogSafe.escape(instance))));
    }
}

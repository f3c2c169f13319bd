package dev.kaizen.nexus.rest;

import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;

import org.apache.catalina.connector.Request;
import org.apache.catalina.connector.Response;
import org.apache.catalina.valves.ErrorReportValve;
import tools.jackson.databind.json.JsonMapper;

import dev.kaizen.nexus.LogSafe;
import dev.kaizen.nexus.channel.FailureKind;

/**
 * Tomcat's answer to a request it refuses before any handler sees it (an encoded {@code /} or a
 * NUL in the path, headers over the limit), as the same RFC 9457 problem the REST channel answers
 * with instead of Tomcat's HTML page: no client of a Nexus should have to parse HTML, or learn
 * which server runs it.
 *
 * <p>Internal: installed on the embedded Tomcat by the auto-configuration.
 */
public final class ProblemErrorReportValve extends ErrorReportValve {

    /** Tomcat creates the valve by its class name, so it cannot be handed the application's mapper. */
    private static final JsonMapper JSON = JsonMapper.builder().build();

    @Override
    protected void report(Request request, Response response, Throwable throwable) {
        int status = response.getStatus();
        if (status < 400 || response.getContentWritten() > 0 || !response.setErrorReported()) {
            return;
        }
        String path = request.getDecodedRequestURI() == null ? request.getRequestURI() : request.getDecodedRequestURI();
        Problem problem = Problem.of(status, kind(status), detail(status));
        try {
            response.setContentType("application/problem+json");
            response.setCharacterEncoding(StandardCharsets.UTF_8.name());
            Writer writer = response.getReporter();
            if (writer != null) {
                writer.write(JSON.writeValueAsString(problem.body(LogSafe.escape(path))));
                response.finishResponse();
            }
        }
        catch (IOException | IllegalStateException e) {
            // The client has gone, or the response was taken meanwhile: nothing left to tell anyone.
        }
    }

    private static FailureKind kind(int status) {
        return switch (status) {
            case 404 -> FailureKind.NOT_FOUND;
            case 413 -> FailureKind.PAYLOAD_TOO_LARGE;
            default -> status >= 500 ? FailureKind.INTERNAL : FailureKind.INVALID_REQUEST;
        };
    }

    private static String detail(int status) {
        return switch (status) {
            case 400 -> "the server refused the request before reading it: the path holds an encoded '/', a "
                    + "control character or an invalid escape, or the request line or headers are malformed";
            case 414 -> "the request line is longer than the server accepts";
            case 431 -> "the request's headers are larger than the server accepts";
            case 413 -> "the request body is larger than the server accepts";
            case 404 -> "nothing is served at this path";
            default -> status >= 500 ? "the server failed to handle the request" : "the request was refused";
        };
    }
}

package dev.kaizen.nexus.rest;

import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;

import org.apache.catalina.connector.Request;
import org.apache.catalina.connector.Response;
import org.apache.catalina.valves.ErrorReportValve;

import dev.kaizen.nexus.LogSafe;

/**
 * Tomcat's answer to a request it refuses before any handler sees it (an encoded {@code /} or a
 * NUL in the path, headers over the limit), as an RFC 9457 problem instead of Tomcat's HTML page:
 * no client of a Nexus should have to parse HTML, or learn which server runs it.
 *
 * <p>Internal: installed on the embedded Tomcat by the auto-configuration.
 */
public final class ProblemErrorReportValve extends ErrorReportValve {

    @Override
    protected void report(Request request, Response response, Throwable throwable) {
        int status = response.getStatus();
        if (status < 400 || response.getContentWritten() > 0 || !response.setErrorReported()) {
            return;
        }
        String body = "{\"type\":\"urn:kaizen:problem:" + slug(status) + "\",\"title\":\"" + title(status)
                + "\",\"status\":" + status + ",\"detail\":\"" + detail(status) + "\",\"instance\":\""
                + jsonText(LogSafe.escape(request.getDecodedRequestURI() == null ? request.getRequestURI()
                        : request.getDecodedRequestURI())) + "\"}";
        try {
            response.setContentType("application/problem+json");
            response.setCharacterEncoding(StandardCharsets.UTF_8.name());
            Writer writer = response.getReporter();
            if (writer != null) {
                writer.write(body);
                response.finishResponse();
            }
        }
        catch (IOException | IllegalStateException e) {
            // The client has gone, or the response was taken meanwhile: nothing left to tell anyone.
        }
    }

    private static String slug(int status) {
        return switch (status) {
            case 404 -> "not-found";
            case 405 -> "method-not-allowed";
            case 413 -> "payload-too-large";
            case 400, 414, 431 -> "invalid-request";
            default -> status >= 500 ? "internal-error" : "invalid-request";
        };
    }

    private static String title(int status) {
        return switch (status) {
            case 404 -> "Not found";
            case 405 -> "Method not allowed";
            case 413 -> "Payload too large";
            default -> status >= 500 ? "Internal error" : "Invalid request";
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

    private static String jsonText(String text) {
        return text.replace("\\", "\\\\").replace("\"", "\\\"");
    }
}

package dev.kaizen.nexus.mcp;

import java.io.IOException;
import java.io.PrintWriter;

import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpServletResponseWrapper;

/**
 * The response to an MCP GET stream, sent as soon as the transport accepts the stream. The MCP SDK
 * transport sets the status and headers, then takes the writer, but sends nothing until its first
 * message, which may be minutes away: until then a client cannot tell an open stream from a server
 * that hangs, and times out (Java's {@code HttpClient.send} blocks for the headers).
 * <p>
 * The headers go out when the writer is taken, on the request's own thread and before the stream
 * is registered, so no message can be written at the same time.
 */
final class StreamOpenedAtOnce extends HttpServletResponseWrapper {

    StreamOpenedAtOnce(HttpServletResponse response) {
        super(response);
    }

    @Override
    public PrintWriter getWriter() throws IOException {
        PrintWriter writer = super.getWriter();
        if (!isCommitted()) {
            flushBuffer();
        }
        return writer;
    }
}

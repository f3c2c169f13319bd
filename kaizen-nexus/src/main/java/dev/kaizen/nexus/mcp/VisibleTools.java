package dev.kaizen.nexus.mcp;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.Writer;
import java.util.function.Predicate;

import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpServletResponseWrapper;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The answer to one {@code tools/list}, with the tools the caller may not call taken out. The MCP
 * SDK lists every tool to every session, so the guard passes the transport this response: it
 * holds back each server-sent event until the event is complete, drops the tools the caller lacks
 * the scopes for from a result's {@code tools}, and passes the event on.
 */
final class VisibleTools extends HttpServletResponseWrapper {

    private final JsonMapper json;

    private final Predicate<String> visible;

    private PrintWriter writer;

    VisibleTools(HttpServletResponse response, JsonMapper json, Predicate<String> visible) {
        super(response);
        this.json = json;
        this.visible = visible;
    }

    @Override
    public synchronized PrintWriter getWriter() throws IOException {
        if (writer == null) {
            writer = new PrintWriter(new EventFilter(super.getWriter()));
        }
        return writer;
    }

    /** Buffers text up to each blank line (the end of an event), then rewrites its data lines. */
    private final class EventFilter extends Writer {

        private final PrintWriter out;

        private final StringBuilder pending = new StringBuilder();

        EventFilter(PrintWriter out) {
            this.out = out;
        }

        @Override
        public void write(char[] chars, int offset, int length) {
            pending.append(chars, offset, length);
            int end;
            while ((end = pending.indexOf("\n\n")) >= 0) {
                out.write(filtered(pending.substring(0, end + 2)));
                pending.delete(0, end + 2);
            }
        }

        @Override
        public void flush() {
            out.flush();
        }

        @Override
        public void close() {
            out.write(pending.toString());
            pending.setLength(0);
            out.close();
        }

        private String filtered(String event) {
            StringBuilder result = new StringBuilder(event.length());
            for (String line : event.split("\n", -1)) {
                result.append(line.startsWith("data: ") ? "data: " + withVisibleTools(line.substring(6)) : line)
                        .append('\n');
            }
            result.setLength(result.length() - 1);
            return result.toString();
        }

        private String withVisibleTools(String data) {
            JsonNode message = json.readTree(data);
            if (message.path("result").path("tools") instanceof ArrayNode tools) {
                ArrayNode kept = json.createArrayNode();
                tools.forEach(tool -> {
                    if (visible.test(tool.path("name").asString(""))) {
                        kept.add(tool);
                    }
                });
                ((ObjectNode) message.get("result")).set("tools", kept);
                return json.writeValueAsString(message);
            }
            return data;
        }
    }
}

package dev.kaizen.nexus.mcp;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.Map;

import org.jspecify.annotations.Nullable;

import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * The messages a stdio client sends, one per line, as the SDK's stdio transport reads them, with
 * what cancellation needs: each {@code tools/call} carries its run key in {@code _meta} (stdio
 * has no transport context to carry it, unlike HTTP), and a {@code notifications/cancelled}
 * cancels the run of the request it names. Lines that mention neither pass through untouched and
 * unparsed; a line that is not JSON passes through for the SDK to refuse.
 */
final class StdioCancellations extends InputStream {

    private final BufferedReader lines;

    private final JsonMapper json;

    private final McpRuns runs;

    private final String session;

    private byte[] line = new byte[0];

    private int position;

    private boolean ended;

    /**
     * @param in the client's messages, UTF-8, one per line
     * @param json the JSON mapper
     * @param runs the running calls
     * @param session the name this stdio session's runs are filed under
     */
    StdioCancellations(InputStream in, JsonMapper json, McpRuns runs, String session) {
        this.lines = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
        this.json = json;
        this.runs = runs;
        this.session = session;
    }

    @Override
    public int read() throws IOException {
        if (!fill()) {
            return -1;
        }
        return line[position++] & 0xff;
    }

    @Override
    public int read(byte[] buffer, int offset, int length) throws IOException {
        if (length == 0) {
            return 0;
        }
        if (!fill()) {
            return -1;
        }
        int count = Math.min(length, line.length - position);
        System.arraycopy(line, position, buffer, offset, count);
        position += count;
        return count;
    }

    @Override
    public int available() {
        return line.length - position;
    }

    @Override
    public void close() throws IOException {
        lines.close();
    }

    /** @return false at the end of the input */
    private boolean fill() throws IOException {
        while (position == line.length) {
            if (ended) {
                return false;
            }
            String next = lines.readLine();
            if (next == null) {
                ended = true;
                return false;
            }
            line = (seen(next) + "\n").getBytes(StandardCharsets.UTF_8);
            position = 0;
        }
        return true;
    }

    /** @return the line to hand on */
    private String seen(String message) {
        boolean call = message.contains("tools/call");
        if (!call && !message.contains(McpRequestGuard.NOTIFICATION_CANCELLED)) {
            return message;
        }
        JsonNode node;
        try {
            node = json.readTree(message);
        }
        catch (JacksonException notJson) {
            return message;
        }
        if (!(node instanceof ObjectNode object)) {
            return message;
        }
        String method = object.path("method").asString("");
        if (McpRequestGuard.NOTIFICATION_CANCELLED.equals(method)) {
            Object cancels = McpRequestGuard.idOf(object.path("params").get("requestId"));
            if (cancels != null) {
                runs.cancel(McpRuns.key(session, cancels));
            }
            return message;
        }
        Object id = McpRequestGuard.idOf(object.get("id"));
        if (!"tools/call".equals(method) || id == null || !(object.get("params") instanceof ObjectNode params)) {
            return message;
        }
        ObjectNode meta = params.get("_meta") instanceof ObjectNode existing ? existing : params.putObject("_meta");
        meta.put(McpRuns.RUN_KEY, McpRuns.key(session, id));
        return json.writeValueAsString(object);
    }

    /** @return the run key a stdio {@code tools/call} carries, or {@code null} */
    static @Nullable String runKeyOf(@Nullable Map<String, Object> meta) {
        return meta != null && meta.get(McpRuns.RUN_KEY) instanceof String key ? key : null;
    }
}

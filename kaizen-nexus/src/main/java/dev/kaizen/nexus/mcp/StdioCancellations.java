package dev.kaizen.nexus.mcp;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CountDownLatch;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * The messages a stdio client sends, one per line, as the SDK's stdio transport reads them, with
 * what cancellation needs: each {@code tools/call} carries its run key in {@code _meta} (stdio
 * has no transport context to carry it, unlike HTTP), and a {@code notifications/cancelled}
 * cancels the run of the request it names. Lines that mention neither pass through untouched and
 * unparsed; a line that is not JSON passes through for the SDK to refuse. The end of the input is
 * handed on once every request read before it has its answer ({@link StdioAnswers}).
 */
final class StdioCancellations extends InputStream {

    private static final Logger log = LoggerFactory.getLogger(StdioCancellations.class);

    private final BufferedReader lines;

    private final JsonMapper json;

    private final McpRuns runs;

    private final String session;

    private final StdioAnswers answers;

    private final CountDownLatch ended;

    private final Duration answerTimeout;

    private byte[] line = new byte[0];

    private int position;

    private boolean atEnd;

    /**
     * @param in the client's messages, UTF-8, one per line
     * @param json the JSON mapper
     * @param runs the running calls
     * @param session the name this stdio session's runs are filed under
     * @param answers told of each request read
     * @param answerTimeout how long the end of the input waits for the last requests' answers
     * @param ended counted down once every line has been handed on and the input has ended (or
     *     failed): not when the read-ahead first meets the end, with lines still to hand on
     */
    StdioCancellations(InputStream in, JsonMapper json, McpRuns runs, String session, StdioAnswers answers,
            Duration answerTimeout, CountDownLatch ended) {
        this.lines = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
        this.json = json;
        this.runs = runs;
        this.session = session;
        this.answers = answers;
        this.answerTimeout = answerTimeout;
        this.ended = ended;
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
            if (atEnd) {
                return false;
            }
            String next;
            try {
                next = lines.readLine();
            }
            catch (IOException failed) {
                this.ended.countDown();
                throw failed;
            }
            if (next == null) {
                atEnd = true;
                awaitLastAnswers();
                this.ended.countDown();
                return false;
            }
            line = (seen(next) + "\n").getBytes(StandardCharsets.UTF_8);
            position = 0;
        }
        return true;
    }

    /**
     * The SDK closes its session as soon as it reads the end of the input, dropping answers still
     * being worked on: the end is handed on only once the requests read before it are answered.
     */
    private void awaitLastAnswers() {
        try {
            if (!answers.awaitAllAnswered(answerTimeout)) {
                log.warn("stdin closed; not every request read before was answered within {}", answerTimeout);
            }
        }
        catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** @return the line to hand on */
    private String seen(String message) {
        if (message.contains("\"method\"") && message.contains("\"id\"")) {
            answers.requestRead(); // a request (a notification has no id, an answer no method)
        }
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

package dev.kaizen.nexus.mcp;

import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.ScheduledFuture;
import java.util.function.BiPredicate;
import java.util.function.Function;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import dev.kaizen.nexus.LogSafe;
import dev.kaizen.nexus.StrictJson;
import dev.kaizen.nexus.channel.Caller;
import dev.kaizen.nexus.channel.Heartbeats;
import dev.kaizen.nexus.security.SecuritySettings;
import io.modelcontextprotocol.spec.McpSchema;

/**
 * Checks every message a client POSTs to the MCP endpoint before the SDK's transport sees it, so
 * that nothing a client sends can make the transport fail: the body's size (the same limit as
 * REST's), well-formed JSON with no duplicate keys, one JSON-RPC 2.0 message (no batches), and
 * the shape of the parameters of {@code initialize} and {@code tools/call}, whose
 * {@code clientInfo} and {@code capabilities} are size-limited. A refused message gets a JSON-RPC
 * error naming the field and the problem, with HTTP 400 (413 for a body over the limit).
 *
 * <p>The answer stream of a running {@code tools/call} carries a comment every heartbeat
 * interval ({@link KeptAliveCall}); a client found gone that way has its run cancelled.
 *
 * <p>The server sends clients no requests, so a response a client sends is accepted (202) and
 * dropped. Each {@code initialize} is logged in one line, its client's name and version escaped.
 */
final class McpRequestGuard extends HttpFilter {

    /** The most characters of {@code clientInfo.name} and {@code clientInfo.version}. */
    static final int MAX_CLIENT_TEXT = 256;

    /** The most bytes of {@code initialize}'s {@code capabilities} and {@code clientInfo}, as JSON. */
    static final int MAX_INITIALIZE_PARAMS = 16 * 1024;

    private static final Logger log = LoggerFactory.getLogger(McpRequestGuard.class);

    private final JsonMapper strict;

    private final JsonMapper json;

    private final long maxBytes;

    private final McpSessionLimit sessions;

    private final Function<HttpServletRequest, Caller> callers;

    private final BiPredicate<Caller, String> visible;

    private final SecuritySettings security;

    private final McpRuns runs;

    private final Duration heartbeat;

    /**
     * @param json the JSON mapper
     * @param maxBytes the body limit
     * @param sessions the live sessions and their owners
     * @param callers the caller of a request, as the Nexus's filter chain authenticated it
     * @param visible whether a caller may see a tool in {@code tools/list}
     * @param security the accepted Host and Origin values
     * @param runs the running tool calls, which cancellations and ended sessions cancel
     * @param heartbeat how often a running call's answer stream carries a comment
     */
    McpRequestGuard(JsonMapper json, long maxBytes, McpSessionLimit sessions, Function<HttpServletRequest, Caller> callers,
            BiPredicate<Caller, String> visible, SecuritySettings security, McpRuns runs, Duration heartbeat) {
        this.heartbeat = heartbeat;
        this.security = security;
        this.runs = runs;
        this.callers = callers;
        this.visible = visible;
        this.json = json;
        this.sessions = sessions;
        this.strict = StrictJson.of(json);
        this.maxBytes = maxBytes;
    }

    /** A client's cancellation of one of its requests; the SDK 2.1 has no constant for it and only logs it. */
    static final String NOTIFICATION_CANCELLED = "notifications/cancelled";

    /** The header that names an MCP session. */
    static final String SESSION_HEADER = "Mcp-Session-Id";

    @Override
    protected void doFilter(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        // Checked here as the transport would (DNS rebinding), but with an answer that says why.
        String host = request.getHeader("Host");
        if (!security.acceptsHost(host)) {
            refuse(response, 421, null, McpSchema.ErrorCodes.INVALID_REQUEST, SecuritySettings.hostRefusal(host));
            return;
        }
        String origin = request.getHeader("Origin");
        if (!security.acceptsOrigin(origin)) {
            refuse(response, HttpServletResponse.SC_FORBIDDEN, null, McpSchema.ErrorCodes.INVALID_REQUEST,
                    SecuritySettings.originRefusal(origin));
            return;
        }
        String session = request.getHeader(SESSION_HEADER);
        Caller caller = callers.apply(request);
        String principal = caller.isAuthenticated() ? caller.name() : "";
        if (session != null && !sessions.usableBy(session, principal)) {
            // Another principal's session answers as an unknown one: no existence oracle.
            refuse(response, HttpServletResponse.SC_NOT_FOUND, null, McpSchema.ErrorCodes.INVALID_REQUEST,
                    "Session not found: " + LogSafe.escape(session));
            return;
        }
        if ("GET".equals(request.getMethod())) {
            chain.doFilter(request, new StreamOpenedAtOnce(response));
            return;
        }
        if (!"POST".equals(request.getMethod())) {
            chain.doFilter(request, response);
            if (session != null && "DELETE".equals(request.getMethod())) {
                sessions.ended(session);
                runs.cancelSession(session);
            }
            return;
        }
        long declared = request.getContentLengthLong();
        if (declared > maxBytes) {
            refuse(response, HttpServletResponse.SC_REQUEST_ENTITY_TOO_LARGE, null,
                    McpSchema.ErrorCodes.INVALID_REQUEST, tooLarge());
            return;
        }
        byte[] body = request.getInputStream().readNBytes((int) Math.min(Integer.MAX_VALUE - 8, maxBytes + 1));
        if (body.length > maxBytes) {
            refuse(response, HttpServletResponse.SC_REQUEST_ENTITY_TOO_LARGE, null,
                    McpSchema.ErrorCodes.INVALID_REQUEST, tooLarge());
            return;
        }
        Verdict verdict = check(body);
        if (verdict == Verdict.DROP) {
            response.setStatus(HttpServletResponse.SC_ACCEPTED);
            return;
        }
        if (verdict.refusal() != null) {
            Refusal refusal = verdict.refusal();
            refuse(response, HttpServletResponse.SC_BAD_REQUEST, refusal.id(), refusal.code(), refusal.message());
            return;
        }
        if (session != null) {
            sessions.used(session);
        }
        boolean initialize = session == null && McpSchema.METHOD_INITIALIZE.equals(verdict.method());
        if (initialize && !sessions.admits()) {
            refuse(response, HttpServletResponse.SC_SERVICE_UNAVAILABLE, null, McpSchema.ErrorCodes.INTERNAL_ERROR,
                    "too many MCP sessions (the limit is " + sessions.max()
                            + "); end one (DELETE) or try again when an idle one has expired");
            return;
        }
        if (session != null && verdict.cancels() != null) {
            runs.cancel(McpRuns.key(session, verdict.cancels()));
        }
        boolean filterTools = caller.isAuthenticated() && McpSchema.METHOD_TOOLS_LIST.equals(verdict.method());
        if (session != null && verdict.id() != null && McpSchema.METHOD_TOOLS_CALL.equals(verdict.method())) {
            String run = McpRuns.key(session, verdict.id());
            request.setAttribute(McpRuns.RUN_KEY, run);
            // The transport answers on this thread once the call ends: beats go out until then.
            KeptAliveCall call = new KeptAliveCall(response, () -> runs.cancelRunning(run));
            ScheduledFuture<?> beats = Heartbeats.every(heartbeat, call::beat);
            try {
                chain.doFilter(new ReadAgain(request, body), call);
            }
            finally {
                beats.cancel(false);
                call.end();
            }
        }
        else {
            chain.doFilter(new ReadAgain(request, body),
                    filterTools ? new VisibleTools(response, json, tool -> visible.test(caller, tool)) : response);
        }
        String started = response.getHeader(SESSION_HEADER);
        if (initialize && started != null) {
            sessions.started(started, principal);
        }
    }


    /** Why a message is refused: the JSON-RPC error to answer with. */
    record Refusal(@Nullable Object id, int code, String message) {
    }

    /**
     * What becomes of a message: refused, dropped ({@link #DROP}: a client's response), or passed
     * to the transport.
     *
     * @param refusal why it is refused, or {@code null}
     * @param method the request's or notification's method, when passed
     * @param id the request's id, when passed
     * @param cancels the id of the request a {@code notifications/cancelled} cancels
     */
    record Verdict(@Nullable Refusal refusal, @Nullable String method, @Nullable Object id, @Nullable Object cancels) {

        static final Verdict DROP = new Verdict(null, null, null, null);

        static Verdict refused(@Nullable Object id, int code, String message) {
            return new Verdict(new Refusal(id, code, message), null, null, null);
        }
    }

    /**
     * @param body a POSTed body within the size limit
     * @return what becomes of it
     */
    Verdict check(byte[] body) {
        JsonNode message;
        try {
            message = strict.readTree(body);
        }
        catch (JacksonException e) {
            return Verdict.refused(null, McpSchema.ErrorCodes.PARSE_ERROR, "Parse error: " + LogSafe.jsonProblem(e));
        }
        if (message == null || message.isMissingNode() || message.isNull()) {
            return Verdict.refused(null, McpSchema.ErrorCodes.INVALID_REQUEST, "Invalid request: the body is empty or null");
        }
        if (message.isArray()) {
            return Verdict.refused(null, McpSchema.ErrorCodes.INVALID_REQUEST,
                    "Invalid request: batches are not supported; send one JSON-RPC message per request");
        }
        if (!message.isObject()) {
            return Verdict.refused(null, McpSchema.ErrorCodes.INVALID_REQUEST,
                    "Invalid request: expected a JSON-RPC message object");
        }
        JsonNode idNode = message.get("id");
        Object id = idOf(idNode);
        if (idNode != null && !idNode.isNull() && id == null) {
            return Verdict.refused(null, McpSchema.ErrorCodes.INVALID_REQUEST, "id: expected string or integer");
        }
        if (!McpSchema.JSONRPC_VERSION.equals(message.path("jsonrpc").asString(null))) {
            return Verdict.refused(id, McpSchema.ErrorCodes.INVALID_REQUEST, "jsonrpc: must be \"2.0\"");
        }
        JsonNode method = message.get("method");
        if (method == null) {
            if (message.has("result") || message.has("error")) {
                return Verdict.DROP;
            }
            return Verdict.refused(id, McpSchema.ErrorCodes.INVALID_REQUEST, "method: required");
        }
        if (!method.isString()) {
            return Verdict.refused(id, McpSchema.ErrorCodes.INVALID_REQUEST, "method: expected string");
        }
        JsonNode params = message.get("params");
        if (params != null && !params.isNull() && !params.isObject()) {
            return Verdict.refused(id, McpSchema.ErrorCodes.INVALID_PARAMS, "params: expected object");
        }
        Refusal refusal = switch (method.asString()) {
            case McpSchema.METHOD_INITIALIZE -> checkInitialize(id, params);
            case McpSchema.METHOD_TOOLS_CALL -> checkToolCall(id, params);
            default -> null;
        };
        Object cancels = NOTIFICATION_CANCELLED.equals(method.asString()) && params != null
                ? idOf(params.get("requestId")) : null;
        return new Verdict(refusal, method.asString(), id, cancels);
    }

    private @Nullable Refusal checkInitialize(@Nullable Object id, @Nullable JsonNode params) {
        if (params == null || !params.isObject()) {
            return invalidParams(id, "params: required");
        }
        if (!params.path("protocolVersion").isString()) {
            return invalidParams(id, "params.protocolVersion: expected string");
        }
        JsonNode client = params.path("clientInfo");
        if (!client.isObject() || !client.path("name").isString()) {
            return invalidParams(id, "params.clientInfo.name: expected string");
        }
        for (String field : new String[] { "name", "version" }) {
            JsonNode value = client.get(field);
            if (value != null && (!value.isString() || value.asString().length() > MAX_CLIENT_TEXT)) {
                return invalidParams(id, "params.clientInfo." + field + ": expected a string of at most "
                        + MAX_CLIENT_TEXT + " characters");
            }
        }
        JsonNode capabilities = params.get("capabilities");
        if (capabilities != null && !capabilities.isObject()) {
            return invalidParams(id, "params.capabilities: expected object");
        }
        if (json.writeValueAsBytes(client).length + (capabilities == null ? 0
                : json.writeValueAsBytes(capabilities).length) > MAX_INITIALIZE_PARAMS) {
            return invalidParams(id, "params.clientInfo and params.capabilities: larger than "
                    + MAX_INITIALIZE_PARAMS + " bytes together");
        }
        log.info("MCP client '{}' {} initializing", LogSafe.escape(client.path("name").asString()),
                LogSafe.escape(client.path("version").asString("")));
        return null;
    }

    private static @Nullable Refusal checkToolCall(@Nullable Object id, @Nullable JsonNode params) {
        if (params == null || !params.isObject()) {
            return invalidParams(id, "params: required");
        }
        if (!params.path("name").isString()) {
            return invalidParams(id, "params.name: expected string");
        }
        JsonNode arguments = params.get("arguments");
        if (arguments != null && !arguments.isNull() && !arguments.isObject()) {
            return invalidParams(id, "params.arguments: expected object");
        }
        return null;
    }

    private static Refusal invalidParams(@Nullable Object id, String message) {
        return new Refusal(id, McpSchema.ErrorCodes.INVALID_PARAMS, message);
    }

    /** @return a JSON-RPC id as a String or a Long, or {@code null} if absent or of another type */
    static @Nullable Object idOf(@Nullable JsonNode id) {
        if (id == null || id.isNull()) {
            return null;
        }
        if (id.isString()) {
            return id.asString();
        }
        return id.isIntegralNumber() && id.canConvertToLong() ? id.asLong() : null;
    }

    private String tooLarge() {
        return "Invalid request: the body is larger than the limit of " + maxBytes + " bytes";
    }

    private void refuse(HttpServletResponse response, int status, @Nullable Object id, int code, String message)
            throws IOException {
        response.setStatus(status);
        response.setContentType("application/json");
        response.setCharacterEncoding("UTF-8");
        response.getOutputStream().write(json.writeValueAsBytes(McpErrorSerializer.body(id, code, message)));
    }

    /** The request with its body, already read, to read again. */
    private static final class ReadAgain extends HttpServletRequestWrapper {

        private final byte[] body;

        ReadAgain(HttpServletRequest request, byte[] body) {
            super(request);
            this.body = body;
        }

        @Override
        public ServletInputStream getInputStream() {
            ByteArrayInputStream in = new ByteArrayInputStream(body);
            return new ServletInputStream() {

                @Override
                public int read() {
                    return in.read();
                }

                @Override
                public int read(byte[] buffer, int offset, int length) {
                    return in.read(buffer, offset, length);
                }

                @Override
                public boolean isFinished() {
                    return in.available() == 0;
                }

                @Override
                public boolean isReady() {
                    return true;
                }

                @Override
                public void setReadListener(ReadListener listener) {
                    throw new UnsupportedOperationException("the body was read already");
                }
            };
        }

        @Override
        public BufferedReader getReader() {
            return new BufferedReader(new InputStreamReader(getInputStream(), StandardCharsets.UTF_8));
        }

        @Override
        public int getContentLength() {
            return body.length;
        }

        @Override
        public long getContentLengthLong() {
            return body.length;
        }
    }
}

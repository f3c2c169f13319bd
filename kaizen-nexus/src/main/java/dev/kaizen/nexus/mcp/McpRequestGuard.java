package dev.kaizen.nexus.mcp;

import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
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
 * Checks every request to the MCP endpoint before the SDK's transport sees it, so that nothing a
 * client sends can make the transport fail, and every refusal is a JSON-RPC error naming the
 * problem ({@link JsonRpcErrors}, the transport's own error pages included).
 *
 * <ul>
 * <li>Host and Origin (DNS rebinding), as the transport would check them, with answers that say
 * why; a method other than POST, GET and DELETE gets 405.</li>
 * <li>Sessions: another principal's {@code Mcp-Session-Id} answers as an unknown one; an
 * {@code initialize} beyond {@code max-sessions}, or beyond its principal's share of them, is
 * refused ({@link McpSessionLimit}).</li>
 * <li>{@code MCP-Protocol-Version}, on every request after {@code initialize}: absent, or a
 * revision the transport speaks; anything else gets 400, as the specification says.</li>
 * <li>A POSTed body: its size (the same limit as REST's), well-formed JSON with no duplicate keys,
 * one JSON-RPC 2.0 message (no batches), and the shape of the parameters of {@code initialize} and
 * {@code tools/call}, whose {@code clientInfo} and {@code capabilities} are size-limited. A
 * refused message gets HTTP 400 (413 for a body over the limit).</li>
 * <li>Tools: {@code tools/list} shows a caller only the tools its scopes allow
 * ({@link VisibleTools}), and a {@code tools/call} of any other tool, deployed or not, gets the
 * one answer {@link McpErrorSerializer#toolNotFound} words: hidden means hidden.</li>
 * </ul>
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

    /** The header that names the protocol revision of every request after {@code initialize}. */
    static final String PROTOCOL_VERSION_HEADER = "MCP-Protocol-Version";

    /** The methods the endpoint takes, as a 405 answer's {@code Allow} header lists them. */
    static final String ALLOWED_METHODS = "GET, POST, DELETE";

    private static final Logger log = LoggerFactory.getLogger(McpRequestGuard.class);

    private final JsonMapper strict;

    private final JsonMapper json;

    private final long maxBytes;

    private final McpSessionLimit sessions;

    private final Function<HttpServletRequest, Caller> callers;

    private final BiPredicate<Caller, String> listed;

    private final BiPredicate<Caller, String> callable;

    private final SecuritySettings security;

    private final McpRuns runs;

    private final Duration heartbeat;

    private final List<String> protocolVersions;

    /**
     * @param json the JSON mapper
     * @param maxBytes the body limit
     * @param sessions the live sessions and their owners
     * @param callers the caller of a request, as the Nexus's filter chain authenticated it
     * @param listed whether a caller sees a tool in {@code tools/list}
     * @param callable whether a caller may call a tool: it is deployed and its scopes allow it
     *     (asked once per {@code tools/call}; the channel audits a refused hidden one)
     * @param security the accepted Host and Origin values
     * @param runs the running tool calls, which cancellations and ended sessions cancel
     * @param heartbeat how often a running call's answer stream carries a comment
     * @param protocolVersions the protocol revisions the transport speaks, which
     *     {@value #PROTOCOL_VERSION_HEADER} may name
     */
    McpRequestGuard(JsonMapper json, long maxBytes, McpSessionLimit sessions, Function<HttpServletRequest, Caller> callers,
            BiPredicate<Caller, String> listed, BiPredicate<Caller, String> callable, SecuritySettings security,
            McpRuns runs, Duration heartbeat, List<String> protocolVersions) {
        this.heartbeat = heartbeat;
        this.security = security;
        this.runs = runs;
        this.callers = callers;
        this.listed = listed;
        this.callable = callable;
        this.json = json;
        this.sessions = sessions;
        this.strict = StrictJson.of(json);
        this.maxBytes = maxBytes;
        this.protocolVersions = List.copyOf(protocolVersions);
    }

    /** A client's cancellation of one of its requests; the SDK 2.1 has no constant for it and only logs it. */
    static final String NOTIFICATION_CANCELLED = "notifications/cancelled";

    /** The header that names an MCP session. */
    static final String SESSION_HEADER = "Mcp-Session-Id";

    @Override
    protected void doFilter(HttpServletRequest request, HttpServletResponse container, FilterChain chain)
            throws IOException, ServletException {
        HttpServletResponse response = new JsonRpcErrors(container, json);
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
        String method = request.getMethod();
        if (!"GET".equals(method) && !"POST".equals(method) && !"DELETE".equals(method)) {
            response.setHeader("Allow", ALLOWED_METHODS);
            refuse(response, HttpServletResponse.SC_METHOD_NOT_ALLOWED, null, McpSchema.ErrorCodes.INVALID_REQUEST,
                    "method " + LogSafe.escape(method) + " is not allowed on the MCP endpoint: POST sends a message, "
                            + "GET opens the server's stream, DELETE ends a session");
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
        if (session != null) {
            sessions.used(session);
        }
        if (!"POST".equals(method)) {
            if (refusedVersion(request, response, null)) {
                return;
            }
            if ("GET".equals(method)) {
                chain.doFilter(request, new StreamOpenedAtOnce(response));
                return;
            }
            chain.doFilter(request, response);
            if (session != null) {
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
        boolean initialize = session == null && McpSchema.METHOD_INITIALIZE.equals(verdict.method());
        // initialize negotiates the revision in its body; every later request names it in the header.
        if (!initialize && refusedVersion(request, response, verdict.id())) {
            return;
        }
        McpSessionLimit.Reservation place = null;
        if (initialize) {
            switch (sessions.reserve(principal)) {
                case McpSessionLimit.Reservation reserved -> place = reserved;
                case McpSessionLimit.Refusal.FULL -> {
                    refuse(response, HttpServletResponse.SC_SERVICE_UNAVAILABLE, verdict.id(),
                            McpSchema.ErrorCodes.INTERNAL_ERROR, "too many MCP sessions (the limit is " + sessions.max()
                                    + "); end one (DELETE) or try again when an idle one has expired");
                    return;
                }
                case McpSessionLimit.Refusal.SHARE_TAKEN -> {
                    refuse(response, 429, verdict.id(), McpSchema.ErrorCodes.INVALID_REQUEST, "'"
                            + LogSafe.escape(principal) + "' holds " + sessions.maxPerPrincipal()
                            + " MCP sessions, the most one principal may hold "
                            + "(kaizen.nexus.mcp.max-sessions-per-principal); end one (DELETE) or try again when "
                            + "an idle one has expired");
                    return;
                }
            }
        }
        try {
            pass(request, response, chain, body, verdict, session, caller);
        }
        finally {
            if (place != null) {
                String started = response.getHeader(SESSION_HEADER);
                if (started != null) {
                    place.started(started);
                }
                else {
                    place.release();
                }
            }
        }
    }

    /** Hands a checked message to the transport, or answers a call of a tool the caller cannot call. */
    private void pass(HttpServletRequest request, HttpServletResponse response, FilterChain chain, byte[] body,
            Verdict verdict, @Nullable String session, Caller caller) throws IOException, ServletException {
        if (session != null && verdict.cancels() != null) {
            runs.cancel(McpRuns.key(session, verdict.cancels()));
        }
        boolean toolCall = session != null && McpSchema.METHOD_TOOLS_CALL.equals(verdict.method());
        String tool = verdict.tool();
        if (toolCall && verdict.id() != null && tool != null && sessions.isLive(session)
                && !callable.test(caller, tool)) {
            // Not deployed, or hidden by its scopes: one answer for both, so neither can be told apart.
            JsonRpcErrors.write(response, json, HttpServletResponse.SC_OK, verdict.id(),
                    McpSchema.ErrorCodes.INVALID_PARAMS, McpErrorSerializer.toolNotFound(tool));
            return;
        }
        if (toolCall && verdict.id() != null) {
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
            return;
        }
        boolean filterTools = caller.isAuthenticated() && McpSchema.METHOD_TOOLS_LIST.equals(verdict.method());
        chain.doFilter(new ReadAgain(request, body),
                filterTools ? new VisibleTools(response, json, name -> listed.test(caller, name)) : response);
    }

    /**
     * Refuses a request whose {@value #PROTOCOL_VERSION_HEADER} names no revision the transport
     * speaks (a request without it is taken as 2025-03-26, as the specification says).
     *
     * @return whether it was refused
     */
    private boolean refusedVersion(HttpServletRequest request, HttpServletResponse response, @Nullable Object id)
            throws IOException {
        String version = request.getHeader(PROTOCOL_VERSION_HEADER);
        if (version == null || protocolVersions.contains(version)) {
            return false;
        }
        refuse(response, HttpServletResponse.SC_BAD_REQUEST, id, McpSchema.ErrorCodes.INVALID_REQUEST,
                PROTOCOL_VERSION_HEADER + ": '" + LogSafe.escape(version.length() > 40 ? version.substring(0, 40)
                        : version) + (version.length() > 40 ? "...'" : "'") + " is not a protocol revision this server "
                        + "speaks; send one of " + String.join(", ", protocolVersions) + ", or leave the header out");
        return true;
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
     * @param tool the tool a {@code tools/call} names
     */
    record Verdict(@Nullable Refusal refusal, @Nullable String method, @Nullable Object id, @Nullable Object cancels,
            @Nullable String tool) {

        static final Verdict DROP = new Verdict(null, null, null, null, null);

        static Verdict refused(@Nullable Object id, int code, String message) {
            return new Verdict(new Refusal(id, code, message), null, null, null, null);
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
        String tool = McpSchema.METHOD_TOOLS_CALL.equals(method.asString()) && refusal == null
                ? params.path("name").asString() : null;
        return new Verdict(refusal, method.asString(), id, cancels, tool);
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
        JsonRpcErrors.write(response, json, status, id, code, message);
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

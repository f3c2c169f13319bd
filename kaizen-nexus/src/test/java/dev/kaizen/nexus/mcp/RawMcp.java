package dev.kaizen.nexus.mcp;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import dev.kaizen.nexus.Nexus;

/**
 * MCP over plain HTTP, for what the SDK client cannot send: a {@code notifications/cancelled}, a
 * session's DELETE, a call whose answer the test reads (or abandons) itself.
 */
public final class RawMcp {

    private static final String INITIALIZE = "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"initialize\","
            + "\"params\":{\"protocolVersion\":\"2025-11-25\",\"capabilities\":{},\"clientInfo\":{\"name\":\"t\","
            + "\"version\":\"1\"}}}";

    private final HttpClient http = HttpClient.newHttpClient();

    private final URI endpoint;

    private final Map<String, String> headers;

    public RawMcp(Nexus nexus) {
        this(URI.create(nexus.baseUri() + "/mcp"), Map.of());
    }

    private RawMcp(URI endpoint, Map<String, String> headers) {
        this.endpoint = endpoint;
        this.headers = headers;
    }

    /** The same endpoint, with {@code Authorization: Bearer <credential>} on every request. */
    public RawMcp bearer(String credential) {
        return with("Authorization", "Bearer " + credential);
    }

    /** The same endpoint, with one more header on every request. */
    public RawMcp with(String name, String value) {
        Map<String, String> more = new LinkedHashMap<>(headers);
        more.put(name, value);
        return new RawMcp(endpoint, more);
    }

    /** Sends a request of any method to the endpoint, with this client's headers, and waits for the answer. */
    public HttpResponse<String> send(HttpRequest.Builder request) throws Exception {
        headers.forEach(request::header);
        return http.send(request.uri(endpoint).build(), HttpResponse.BodyHandlers.ofString());
    }

    /** POSTs an initialize; the answer carries the session id, unless it was refused. */
    public HttpResponse<String> sendInitialize() throws Exception {
        return send(null, INITIALIZE);
    }

    /** @return the id of a new, initialized session */
    public String initialize() throws Exception {
        HttpResponse<String> initialized = sendInitialize();
        String session = initialized.headers().firstValue("Mcp-Session-Id").orElseThrow();
        http.send(post(session, "{\"jsonrpc\":\"2.0\",\"method\":\"notifications/initialized\"}"),
                HttpResponse.BodyHandlers.discarding());
        return session;
    }

    /** Starts a tools/call; {@code id} is JSON (a number, or a quoted string), {@code arguments} a JSON object. */
    public CompletableFuture<HttpResponse<String>> call(String session, String id, String tool, String arguments) {
        return call(session, id, tool, arguments, "{}");
    }

    /** Starts a tools/call that asks for progress notifications under {@code id} as its progress token. */
    public CompletableFuture<HttpResponse<String>> callWithProgress(String session, String id, String tool,
            String arguments) {
        return call(session, id, tool, arguments, "{\"progressToken\":" + id + "}");
    }

    private CompletableFuture<HttpResponse<String>> call(String session, String id, String tool, String arguments,
            String meta) {
        return http.sendAsync(post(session, "{\"jsonrpc\":\"2.0\",\"id\":" + id + ",\"method\":\"tools/call\","
                + "\"params\":{\"name\":\"" + tool + "\",\"arguments\":" + arguments + ",\"_meta\":" + meta + "}}"),
                HttpResponse.BodyHandlers.ofString());
    }

    /** Sends a notifications/cancelled for request {@code id} (JSON). */
    public void cancel(String session, String id) throws Exception {
        send(session, "{\"jsonrpc\":\"2.0\",\"method\":\"notifications/cancelled\",\"params\":{\"requestId\":" + id
                + ",\"reason\":\"the user gave up\"}}");
    }

    /** POSTs one message and waits for the answer. */
    public HttpResponse<String> send(String session, String message) throws Exception {
        return http.send(post(session, message), HttpResponse.BodyHandlers.ofString());
    }

    /** Ends a session. */
    public void delete(String session) throws Exception {
        send(HttpRequest.newBuilder().header("Mcp-Session-Id", session).DELETE());
    }

    private HttpRequest post(String session, String body) {
        HttpRequest.Builder request = HttpRequest.newBuilder(endpoint).header("Content-Type", "application/json")
                .header("Accept", "application/json, text/event-stream").POST(HttpRequest.BodyPublishers.ofString(body));
        if (session != null) {
            request.header("Mcp-Session-Id", session);
        }
        headers.forEach(request::header);
        return request.build();
    }
}

package dev.kaizen.nexus.mcp;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import dev.kaizen.nexus.Deployments;
import dev.kaizen.nexus.Nexus;
import dev.kaizen.nexus.NoInternals;
import dev.kaizen.nexus.TestAgents;
import dev.kaizen.nexus.rest.RestConfig;

/**
 * The MCP endpoint as an attacker tries it: every malformed message gets a JSON-RPC error that
 * names the problem, never a stack trace or a 500; bodies, initialize values and the number of
 * sessions are bounded; idle sessions end.
 */
@ExtendWith(OutputCaptureExtension.class)
class McpHardeningTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private static final String ACCEPT = "application/json, text/event-stream";

    private final HttpClient http = HttpClient.newHttpClient();

    private final List<Nexus> started = new ArrayList<>();

    @AfterEach
    void stop() {
        started.forEach(Nexus::close);
    }

    private Nexus start(McpConfig mcp) {
        Nexus nexus = Nexus.builder().port(0).mcp(mcp).rest(RestConfig.builder().maxRequestBytes(64 * 1024).build())
                .build().start();
        Deployments.deployMultiChannel(TestAgents.echo("echo", ""), nexus, "echo");
        started.add(nexus);
        return nexus;
    }

    private record Answer(int status, String body, HttpResponse<String> raw) {

        JsonNode json() {
            return JSON.readTree(body);
        }
    }

    private Answer post(Nexus nexus, String body, String session) throws Exception {
        return post(nexus, body, session, null);
    }

    private Answer post(Nexus nexus, String body, String session, String protocolVersion) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(nexus.baseUri().resolve("/mcp"))
                .header("Content-Type", "application/json").header("Accept", ACCEPT)
                .timeout(Duration.ofSeconds(30)).POST(HttpRequest.BodyPublishers.ofString(body));
        if (session != null) {
            request.header("Mcp-Session-Id", session);
        }
        if (protocolVersion != null) {
            request.header("MCP-Protocol-Version", protocolVersion);
        }
        HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        NoInternals.assertClean(body.length() > 80 ? body.substring(0, 80) : body, response.body());
        return new Answer(response.statusCode(), response.body(), response);
    }

    private static String initialize(String clientName) {
        return JSON.writeValueAsString(Map.of("jsonrpc", "2.0", "id", 1, "method", "initialize", "params",
                Map.of("protocolVersion", "2025-06-18", "capabilities", Map.of(),
                        "clientInfo", Map.of("name", clientName, "version", "1"))));
    }

    private String newSession(Nexus nexus) throws Exception {
        Answer answer = post(nexus, initialize("tester"), null);
        assertThat(answer.status()).isEqualTo(200);
        return answer.raw().headers().firstValue("Mcp-Session-Id").orElseThrow();
    }

    @Test
    void everyMalformedMessageGetsAJsonRpcErrorNamingTheProblem() throws Exception {
        Nexus nexus = start(McpConfig.defaults());
        String session = newSession(nexus);
        Map<String, String> cases = new java.util.LinkedHashMap<>();
        cases.put("{}", "jsonrpc: must be \"2.0\"");
        cases.put("{\"jsonrpc\":\"2.0\",\"id\":1}", "method: required");
        cases.put("null", "the body is empty or null");
        cases.put("[{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"ping\"}]", "batches are not supported");
        cases.put("\"text\"", "expected a JSON-RPC message object");
        cases.put("{\"jsonrpc\":\"1.0\",\"id\":1,\"method\":\"ping\"}", "jsonrpc: must be \"2.0\"");
        cases.put("{\"jsonrpc\":\"2.0\",\"id\":{},\"method\":\"ping\"}", "id: expected string or integer");
        cases.put("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":7}", "method: expected string");
        cases.put("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"tools/call\",\"params\":null}", "params: required");
        cases.put("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"tools/call\",\"params\":[1]}", "params: expected object");
        cases.put("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"tools/call\",\"params\":{\"name\":\"echo\",\"arguments\":[1]}}",
                "params.arguments: expected object");
        cases.put("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"tools/call\",\"params\":{\"name\":\"echo\",\"arguments\":\"x\"}}",
                "params.arguments: expected object");
        cases.put("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"tools/call\",\"params\":{\"arguments\":{}}}",
                "params.name: expected string");
        cases.put("{\"jsonrpc\":\"2.0\",\"id\":1,\"id\":2,\"method\":\"ping\"}", "Duplicate");
        cases.put("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"ping\"}{}", "malformed JSON");
        cases.put("{\"jsonrpc\":", "malformed JSON at line 1");
        for (Map.Entry<String, String> c : cases.entrySet()) {
            Answer answer = post(nexus, c.getKey(), session);
            assertThat(answer.status()).as(c.getKey()).isEqualTo(400);
            assertThat(answer.json().get("jsonrpc").asString()).as(c.getKey()).isEqualTo("2.0");
            assertThat(answer.json().get("error").get("message").asString()).as(c.getKey()).contains(c.getValue());
        }
        Answer initWithoutParams = post(nexus, "{\"jsonrpc\":\"2.0\",\"id\":9,\"method\":\"initialize\"}", null);
        assertThat(initWithoutParams.status()).isEqualTo(400);
        assertThat(initWithoutParams.json().get("id").asInt()).isEqualTo(9);
        assertThat(initWithoutParams.json().get("error").get("code").asInt()).isEqualTo(-32602);
    }

    @Test
    void theTransportsOwnErrorsCarryNoStackTraceAndEchoLittle() throws Exception {
        Nexus nexus = start(McpConfig.defaults());
        String ping = "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"ping\"}";

        Answer unknownSession = post(nexus, ping, "x".repeat(7000));
        Answer noSession = post(nexus, ping, null);
        HttpResponse<String> wrongAccept = http.send(HttpRequest.newBuilder(nexus.baseUri().resolve("/mcp"))
                .header("Content-Type", "application/json").header("Accept", "text/html")
                .POST(HttpRequest.BodyPublishers.ofString(initialize("a"))).build(), HttpResponse.BodyHandlers.ofString());

        assertThat(unknownSession.status()).isEqualTo(404);
        assertThat(unknownSession.body().length()).as("the 7 KB id is not echoed whole").isLessThan(600);
        assertThat(unknownSession.json().get("error").get("code").isInt()).isTrue();
        assertThat(noSession.status()).isEqualTo(400);
        assertThat(wrongAccept.statusCode()).isEqualTo(400);
        NoInternals.assertClean("wrong Accept", wrongAccept.body());
    }

    @Test
    void aProtocolVersionHeaderNamingNoRevisionSpokenHereIs400() throws Exception {
        Nexus nexus = start(McpConfig.defaults());
        String session = newSession(nexus);
        String ping = "{\"jsonrpc\":\"2.0\",\"id\":5,\"method\":\"ping\"}";

        for (String version : List.of("garbage", "2024-11-05", "2025-06-18x", "x".repeat(5000))) {
            Answer refused = post(nexus, ping, session, version);
            assertThat(refused.status()).as(version).isEqualTo(400);
            assertThat(refused.json().path("id").asInt()).isEqualTo(5);
            assertThat(refused.json().path("error").path("code").asInt()).isEqualTo(-32600);
            assertThat(refused.json().path("error").path("message").asString()).as(version)
                    .startsWith("MCP-Protocol-Version: '").contains("2025-03-26, 2025-06-18, 2025-11-25");
            assertThat(refused.body().length()).isLessThan(400);
        }
        for (String version : new String[] { "2025-03-26", "2025-06-18", "2025-11-25", null }) {
            assertThat(post(nexus, ping, session, version).status()).as(String.valueOf(version)).isEqualTo(200);
        }
        for (String method : List.of("GET", "DELETE")) {
            HttpResponse<String> refused = http.send(HttpRequest.newBuilder(nexus.baseUri().resolve("/mcp"))
                    .header("Mcp-Session-Id", session).header("MCP-Protocol-Version", "garbage").header("Accept", ACCEPT)
                    .method(method, HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(refused.statusCode()).as(method).isEqualTo(400);
            assertThat(JSON.readTree(refused.body()).path("error").path("message").asString())
                    .startsWith("MCP-Protocol-Version: 'garbage'");
        }
        assertThat(post(nexus, ping, session, null).status()).as("the session lives on").isEqualTo(200);
    }

    @Test
    void everyRefusalOnTheEndpointIsAJsonRpcErrorWhateverTheMethod() throws Exception {
        Nexus nexus = start(McpConfig.defaults());
        String session = newSession(nexus);
        for (String method : List.of("PUT", "PATCH", "OPTIONS")) {
            HttpResponse<String> refused = http.send(HttpRequest.newBuilder(nexus.baseUri().resolve("/mcp"))
                    .header("Content-Type", "application/json").header("Mcp-Session-Id", session)
                    .method(method, HttpRequest.BodyPublishers.ofString("{}")).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(refused.statusCode()).as(method + " " + refused.body()).isEqualTo(405);
            assertThat(refused.headers().firstValue("Allow")).contains("GET, POST, DELETE");
            assertThat(refused.headers().firstValue("Content-Type").orElseThrow()).startsWith("application/json");
            JsonNode error = JSON.readTree(refused.body());
            assertThat(error.path("jsonrpc").asString()).isEqualTo("2.0");
            assertThat(error.path("error").path("message").asString()).startsWith("method " + method + " is not allowed");
        }
        HttpResponse<String> head = http.send(HttpRequest.newBuilder(nexus.baseUri().resolve("/mcp"))
                .method("HEAD", HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(head.statusCode()).isEqualTo(405);
        // The transport refuses some requests through the container's error page: JSON-RPC errors too.
        HttpResponse<String> unknownStream = http.send(HttpRequest.newBuilder(nexus.baseUri().resolve("/mcp"))
                .header("Accept", "text/event-stream").header("Mcp-Session-Id", "no-such-session").GET().build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(unknownStream.statusCode()).isEqualTo(404);
        assertThat(unknownStream.headers().firstValue("Content-Type").orElseThrow()).startsWith("application/json");
        assertThat(unknownStream.body()).isEqualTo("{\"jsonrpc\":\"2.0\",\"id\":null,\"error\":{\"code\":-32600,"
                + "\"message\":\"Not Found\"}}");
        HttpResponse<String> deleteWithoutSession = http.send(HttpRequest.newBuilder(nexus.baseUri().resolve("/mcp"))
                .DELETE().build(), HttpResponse.BodyHandlers.ofString());
        assertThat(deleteWithoutSession.statusCode()).isEqualTo(400);
        assertThat(JSON.readTree(deleteWithoutSession.body()).path("error").path("message").asString())
                .isEqualTo("Session ID required in mcp-session-id header");
    }

    @Test
    void aClientsResponseIsAcceptedAndDropped() throws Exception {
        Nexus nexus = start(McpConfig.defaults());
        String session = newSession(nexus);

        assertThat(post(nexus, "{\"jsonrpc\":\"2.0\",\"id\":1,\"result\":{}}", session).status()).isEqualTo(202);
        assertThat(post(nexus, "{\"jsonrpc\":\"2.0\",\"id\":1,\"error\":{\"code\":1,\"message\":\"m\"}}", session)
                .status()).isEqualTo(202);
    }

    @Test
    void bodiesHaveRestsLimitAndInitializeValuesAreBounded() throws Exception {
        Nexus nexus = start(McpConfig.defaults());

        Answer tooLarge = post(nexus, initialize("n".repeat(70 * 1024)), null);
        Answer longName = post(nexus, initialize("n".repeat(300)), null);
        Answer bigCapabilities = post(nexus, JSON.writeValueAsString(Map.of("jsonrpc", "2.0", "id", 1, "method",
                "initialize", "params", Map.of("protocolVersion", "2025-06-18", "clientInfo", Map.of("name", "n"),
                        "capabilities", Map.of("x", "y".repeat(20_000))))), null);

        assertThat(tooLarge.status()).isEqualTo(413);
        assertThat(tooLarge.json().get("error").get("message").asString()).contains("larger than the limit of 65536");
        assertThat(longName.status()).isEqualTo(400);
        assertThat(longName.json().get("error").get("message").asString()).startsWith("params.clientInfo.name:");
        assertThat(bigCapabilities.status()).isEqualTo(400);
        assertThat(bigCapabilities.json().get("error").get("message").asString()).contains("16384 bytes");
    }

    @Test
    void aClientNameCannotForgeALogLine(CapturedOutput output) throws Exception {
        Nexus nexus = start(McpConfig.defaults());

        assertThat(post(nexus, initialize("evil\nFORGED ERROR line\r"), null).status()).isEqualTo(200);

        assertThat(output.getOut() + output.getErr()).contains("MCP client 'evil\\nFORGED ERROR line\\r' 1 initializing")
                .doesNotContain("\nFORGED ERROR line");
    }

    @Test
    void sessionsAreCappedAndOneEndingMakesRoom() throws Exception {
        Nexus nexus = start(McpConfig.builder().maxSessions(2).build());
        String first = newSession(nexus);
        newSession(nexus);

        Answer third = post(nexus, initialize("third"), null);
        assertThat(third.status()).isEqualTo(503);
        assertThat(third.json().get("error").get("message").asString()).startsWith("too many MCP sessions (the limit is 2)");

        HttpResponse<String> deleted = http.send(HttpRequest.newBuilder(nexus.baseUri().resolve("/mcp"))
                .header("Mcp-Session-Id", first).DELETE().build(), HttpResponse.BodyHandlers.ofString());
        assertThat(deleted.statusCode()).isEqualTo(200);
        assertThat(post(nexus, initialize("third"), null).status()).isEqualTo(200);
    }

    @Test
    void anIdleSessionEndsAndMakesRoom() throws Exception {
        Nexus nexus = start(McpConfig.builder().sessionIdleTimeout(Duration.ofSeconds(1)).maxSessions(1).build());
        String idle = newSession(nexus);

        // An initialize names no session, so asking again and again leaves the idle one idle.
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        Answer next = post(nexus, initialize("next"), null);
        while (next.status() == 503 && System.nanoTime() < deadline) {
            Thread.onSpinWait();
            next = post(nexus, initialize("next"), null);
        }

        assertThat(next.status()).as("admitted once the idle session ended").isEqualTo(200);
        assertThat(post(nexus, "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"ping\"}", idle).status())
                .as("the transport ended it too").isEqualTo(404);
    }
}

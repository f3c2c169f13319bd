package dev.kaizen.nexus;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.http.HttpRequest;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import dev.kaizen.core.FieldType;
import dev.kaizen.core.FunctionAgent;
import dev.kaizen.core.Signature;
import dev.kaizen.nexus.mcp.McpClients;
import dev.kaizen.nexus.rest.RestClient;
import dev.kaizen.nexus.rest.RestConfig;
import dev.kaizen.nexus.session.NexusSessionManager;
import dev.kaizen.nexus.shell.OneShotCommand;
import dev.kaizen.nexus.shell.RemoteShellBackend;
import dev.kaizen.nexus.shell.ShellChannel;
import dev.kaizen.nexus.shell.ShellOperations;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.spec.McpSchema.CallToolRequest;
import io.modelcontextprotocol.spec.McpSchema.CallToolResult;
import io.modelcontextprotocol.spec.McpSchema.TextContent;
import io.modelcontextprotocol.spec.McpSchema.Tool;

/**
 * The reproducers of the channels-as-plug-ins issue, each on REST, MCP and the shell (local and
 * remote): one failure, one kind, the same answer everywhere.
 */
class FailuresAcrossChannelsTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private static Nexus nexus;

    private static RestClient rest;

    private static McpSyncClient mcp;

    @BeforeAll
    static void start() {
        nexus = Nexus.builder().port(0).rest(RestConfig.builder().maxRequestBytes(2048).build())
                .sessions(NexusSessionManager.builder().maxStateBytes(64).build()).build().start();
        rest = new RestClient(nexus.baseUri());
        Deployments.deployMultiChannel(notes(), nexus, "notes");
        Deployments.deployMultiChannel(TestAgents.echo("echo", ""), nexus, "echo");
        mcp = McpClients.streamable(nexus.baseUri(), tools -> { });
    }

    @AfterAll
    static void stop() {
        mcp.closeGracefully();
        nexus.close();
    }

    /** Keeps notes in its session, which it requires. */
    static FunctionAgent notes() {
        return FunctionAgent.builder().name("notes").description("Keeps notes")
                .signature(Signature.builder().requiresSession().input("note", FieldType.STRING, "The note")
                        .output("size", FieldType.INTEGER, "Characters kept").build())
                .function((inputs, context) -> {
                    Object kept = context.session().orElseThrow().update("notes",
                            old -> (old == null ? "" : old) + String.valueOf(inputs.get("note")));
                    return Map.of("size", String.valueOf(kept).length());
                }).build();
    }

    private record ShellOutcome(int code, String err) {
    }

    private static ShellOutcome shell(ShellOperations operations, String... words) {
        StringWriter err = new StringWriter();
        int code = OneShotCommand.run(operations, List.of(words), new PrintWriter(new StringWriter()),
                new PrintWriter(err));
        return new ShellOutcome(code, err.toString());
    }

    private static ShellOutcome local(String... words) {
        return shell(ShellChannel.of(nexus).operations(), words);
    }

    private static ShellOutcome remote(String... words) {
        return shell(new ShellOperations(new RemoteShellBackend(nexus.baseUri(), JSON, null), JSON), words);
    }

    private static String mcpError(Map<String, Object> arguments) {
        CallToolResult result = mcp.callTool(new CallToolRequest("notes", arguments));
        assertThat(result.isError()).isTrue();
        return ((TextContent) result.content().getFirst()).text();
    }

    private static String newSession() {
        return rest.post("/api/sessions", Map.of()).json().get("id").asString();
    }

    @Test
    void aWorkflowThatNeedsASessionRefusesACallWithoutOneAsTheCallersMistake() {
        RestClient.Response response = rest.execute("notes", Map.of("note", "hi"));

        assertThat(response.status()).isEqualTo(400);
        assertThat(response.json().get("type").asString()).isEqualTo("urn:kaizen:problem:session-required");
        assertThat(response.json().get("errors").get(0).get("field").asString()).isEqualTo("sessionId");
        assertThat(mcpError(Map.of("note", "hi"))).startsWith("sessionId: required: workflow 'notes' keeps its state");
        for (ShellOutcome outcome : List.of(local("nexus", "run", "notes", "--note", "hi"),
                remote("nexus", "run", "notes", "--note", "hi"))) {
            assertThat(outcome.code()).isEqualTo(2);
            assertThat(outcome.err()).startsWith("error: sessionId: required: workflow 'notes'");
        }
        assertThat(rest.get("/api/workflows/notes").json().get("requiresSession").asBoolean()).isTrue();
    }

    @Test
    void theNeedForASessionShowsInEverySchema() {
        Tool tool = mcp.listTools().tools().stream().filter(t -> t.name().equals("notes")).findFirst().orElseThrow();
        JsonNode openApi = rest.get("/api/openapi.json").json();

        assertThat(tool.inputSchema().get("required")).isEqualTo(List.of("note", "sessionId"));
        assertThat(tool.description()).as("the workflow's description ends with a full stop before the next sentence")
                .startsWith("Keeps notes. Needs a session: pass sessionId");
        assertThat(openApi.at("/paths/~1api~1workflows~1notes~1execute/post/requestBody/content/application~1json"
                + "/schema/required").toString()).isEqualTo("[\"sessionId\"]");
        assertThat(openApi.at("/paths/~1api~1workflows~1echo~1execute/post/requestBody/content/application~1json"
                + "/schema/required").isMissingNode()).isTrue();
    }

    @Test
    void aSessionStateOverItsLimitIsTheCallersMistakeOnEveryChannel() {
        String id = newSession();
        String big = "x".repeat(100);

        RestClient.Response response = rest.post("/api/workflows/notes/execute",
                Map.of("inputs", Map.of("note", big), "sessionId", id));

        assertThat(response.status()).isEqualTo(413);
        assertThat(response.json().get("type").asString()).isEqualTo("urn:kaizen:problem:session-state-too-large");
        assertThat(mcpError(Map.of("note", big, "sessionId", id))).contains("over the limit of 64; nothing was changed");
        assertThat(local("nexus", "run", "notes", "--note", big, "--session", id).code()).isEqualTo(2);
        assertThat(remote("nexus", "run", "notes", "--note", big, "--session", id).code()).isEqualTo(2);
        assertThat(rest.get("/api/sessions/" + id).json().get("state").size()).as("nothing half-written").isZero();
    }

    @Test
    void aBadSessionIdNamesTheRuleOnEveryChannel() {
        RestClient.Response header = rest.send(HttpRequest.newBuilder(nexus.baseUri()
                .resolve("/api/workflows/echo/execute")).header("Content-Type", "application/json")
                .header("X-Session-Id", "..etc").POST(HttpRequest.BodyPublishers.ofString("{\"inputs\":{\"question\":\"q\"}}")));
        RestClient.Response body = rest.post("/api/workflows/echo/execute",
                Map.of("inputs", Map.of("question", "q"), "sessionId", "../etc"));

        for (RestClient.Response response : List.of(header, body)) {
            assertThat(response.status()).isEqualTo(400);
            assertThat(response.json().get("type").asString()).isEqualTo("urn:kaizen:problem:invalid-session-id");
            assertThat(response.json().get("errors").get(0).get("field").asString()).isEqualTo("sessionId");
        }
        assertThat(mcpError(Map.of("note", "n", "sessionId", "../etc"))).startsWith("sessionId: must be 1 to 128");
        for (ShellOutcome outcome : List.of(local("nexus", "run", "echo", "--question", "q", "--session", "../etc"),
                remote("nexus", "run", "echo", "--question", "q", "--session", "../etc"))) {
            assertThat(outcome.code()).isEqualTo(2);
            assertThat(outcome.err()).startsWith("error: sessionId: must be 1 to 128 characters");
        }
        assertThat(rest.get("/api/sessions/..etc").status()).isEqualTo(400);
        assertThat(local("nexus", "session", "..etc").code()).isEqualTo(2);
    }

    @Test
    void anEmptySessionHeaderCountsAsNone() {
        RestClient.Response response = rest.send(HttpRequest.newBuilder(nexus.baseUri()
                .resolve("/api/workflows/echo/execute")).header("Content-Type", "application/json")
                .header("X-Session-Id", "").POST(HttpRequest.BodyPublishers.ofString("{\"inputs\":{\"question\":\"q\"}}")));

        assertThat(response.status()).isEqualTo(200);
        assertThat(response.json().get("sessionId").isNull()).isTrue();
    }

    @Test
    void everyBodyRestReadsHasTheSameSizeRuleAndContentType() {
        String tooLarge = "{\"userId\":\"" + "u".repeat(4096) + "\"}";

        RestClient.Response sessions = rest.postRaw("/api/sessions", "application/json", tooLarge);
        RestClient.Response execute = rest.postRaw("/api/workflows/echo/execute", "application/json", tooLarge);

        assertThat(sessions.status()).isEqualTo(413);
        assertThat(execute.status()).isEqualTo(413);
        assertThat(sessions.json().get("detail")).isEqualTo(execute.json().get("detail"));
        assertThat(rest.postRaw("/api/sessions", "text/plain", "{}").status()).isEqualTo(415);
        assertThat(rest.send(HttpRequest.newBuilder(nexus.baseUri().resolve("/api/sessions"))
                .POST(HttpRequest.BodyPublishers.noBody())).status()).as("an empty body needs no type").isEqualTo(201);
        assertThat(rest.post("/api/sessions", Map.of("ttlSeconds", new java.math.BigInteger("1180591620717411303424")))
                .status()).isEqualTo(400);
    }
}

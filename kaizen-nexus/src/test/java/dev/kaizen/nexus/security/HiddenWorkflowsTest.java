package dev.kaizen.nexus.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Function;

import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.spec.McpError;
import io.modelcontextprotocol.spec.McpSchema;
import io.modelcontextprotocol.spec.McpSchema.CallToolRequest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import dev.kaizen.nexus.Deployments;
import dev.kaizen.nexus.Nexus;
import dev.kaizen.nexus.TestAgents;
import dev.kaizen.nexus.mcp.McpClients;
import dev.kaizen.nexus.mcp.RawMcp;
import dev.kaizen.nexus.rest.RestClient;
import dev.kaizen.nexus.rest.RestClient.Response;
import dev.kaizen.nexus.shell.OneShotCommand;
import dev.kaizen.nexus.shell.RemoteShellBackend;
import dev.kaizen.nexus.shell.ShellOperations;

/**
 * Hidden means hidden: a workflow whose scope a caller lacks answers that caller exactly as a name
 * that is not deployed, on REST (execute in every form, describe, any method), MCP
 * ({@code tools/call}, raw and through the SDK client) and the remote shell, and {@code /health}
 * names workflows only to callers who may see them. The refused call still leaves its audit line.
 */
@ExtendWith(OutputCaptureExtension.class)
class HiddenWorkflowsTest {

    private static final String ALICE_KEY = "alice-key-0123456789abcdef";

    private static final String BOB_KEY = "bob-key-0123456789abcdef";

    private static final String ADMIN_KEY = "admin-key-0123456789abcdef";

    /** Restricted to the scope {@code stats}, which bob lacks. */
    private static final String HIDDEN = "text-stats";

    /** Not deployed; as long as {@link #HIDDEN}, so the two answers are the same length too. */
    private static final String UNKNOWN = "nosuch-abc";

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private static Nexus nexus;

    private static RestClient anonymous;

    private static RestClient alice;

    private static RestClient bob;

    @BeforeAll
    static void start() {
        SecuritySettings security = SecuritySettings.builder()
                .apiKeys(Map.of("alice", ApiKeys.NOOP + ALICE_KEY, "bob", ApiKeys.NOOP + BOB_KEY,
                        "admin", ApiKeys.NOOP + ADMIN_KEY))
                .clientScopes("alice", Set.of("stats"))
                .clientScopes("admin", Set.of("kaizen:admin", "stats"))
                .workflowScopes(HIDDEN, Set.of("stats"))
                .build();
        nexus = Nexus.builder().port(0).security(security).build().start();
        Deployments.deployMultiChannel(TestAgents.echo("echo", "echo: "), nexus, "echo");
        Deployments.deployMultiChannel(TestAgents.echo("stats", "stats: "), nexus, HIDDEN);
        anonymous = new RestClient(nexus.baseUri());
        alice = anonymous.bearer(ALICE_KEY);
        bob = anonymous.bearer(BOB_KEY);
    }

    @AfterAll
    static void stop() {
        nexus.close();
    }

    @Test
    void onRestAHiddenWorkflowAnswersExactlyAsAnUnknownName() {
        Map<String, Function<String, Response>> requests = new TreeMap<>(Map.of(
                "execute", name -> bob.execute(name, Map.of("question", "q")),
                "execute, async", name -> bob.with("Prefer", "respond-async").execute(name, Map.of("question", "q")),
                "execute, streamed", name -> bob.with("Accept", "text/event-stream").execute(name, Map.of("question", "q")),
                "execute, bad inputs", name -> bob.execute(name, Map.of("count", "many")),
                "execute, malformed body", name -> bob.postRaw("/api/workflows/" + name + "/execute", "application/json",
                        "{not json"),
                "execute, wrong method", name -> bob.get("/api/workflows/" + name + "/execute"),
                "describe", name -> bob.get("/api/workflows/" + name),
                "describe, wrong method", name -> bob.delete("/api/workflows/" + name)));

        requests.forEach((what, request) -> {
            Response hidden = request.apply(HIDDEN);
            Response unknown = request.apply(UNKNOWN);
            assertThat(hidden.status()).as(what).isEqualTo(404);
            assertThat(hidden.raw().body()).as(what).isEqualTo(unknown.raw().body().replace(UNKNOWN, HIDDEN));
            assertThat(headers(hidden.raw())).as(what).isEqualTo(headers(unknown.raw()));
        });
        assertThat(bob.get("/api/workflows/" + HIDDEN).json().path("detail").asString())
                .isEqualTo("no workflow named '" + HIDDEN + "' is deployed on REST");
        assertThat(alice.execute(HIDDEN, Map.of("question", "q")).json().path("outputs").path("answer").asString())
                .as("alice holds the scope").isEqualTo("stats: q x1");
    }

    @Test
    void onMcpAHiddenToolAnswersExactlyAsAnUnknownOne() throws Exception {
        RawMcp bobs = new RawMcp(nexus).bearer(BOB_KEY);
        String session = bobs.initialize();
        for (String arguments : List.of("{\"question\":\"q\"}", "{\"count\":\"many\"}", "{}")) {
            HttpResponse<String> hidden = bobs.call(session, "7", HIDDEN, arguments).get();
            HttpResponse<String> unknown = bobs.call(session, "7", UNKNOWN, arguments).get();
            assertThat(hidden.statusCode()).as(arguments).isEqualTo(unknown.statusCode());
            assertThat(hidden.body()).as(arguments).isEqualTo(unknown.body().replace(UNKNOWN, HIDDEN));
            assertThat(headers(hidden)).as(arguments).isEqualTo(headers(unknown));
            JsonNode error = JSON.readTree(hidden.body()).path("error");
            assertThat(error.path("code").asInt()).isEqualTo(McpSchema.ErrorCodes.INVALID_PARAMS);
            assertThat(error.path("message").asString()).isEqualTo("Tool not found: " + HIDDEN);
        }

        try (McpSyncClient client = McpClients.streamable(nexus.baseUri(), BOB_KEY);
                McpSyncClient alices = McpClients.streamable(nexus.baseUri(), ALICE_KEY)) {
            for (String name : List.of(HIDDEN, UNKNOWN)) {
                assertThatThrownBy(() -> client.callTool(new CallToolRequest(name, Map.of("question", "q"))))
                        .isInstanceOfSatisfying(McpError.class, e -> {
                            assertThat(e.getJsonRpcError().code()).isEqualTo(McpSchema.ErrorCodes.INVALID_PARAMS);
                            assertThat(e.getMessage()).contains("Tool not found: " + name);
                        });
            }
            assertThat(client.listTools().tools()).extracting(McpSchema.Tool::name).containsExactly("echo");
            assertThat(alices.callTool(new CallToolRequest(HIDDEN, Map.of("question", "q"))).isError()).isFalse();
        }
    }

    @Test
    void theRemoteShellSeesAHiddenWorkflowAsAnUnknownOne() {
        for (List<String> command : List.of(List.of("nexus", "run", "%s", "--question", "q"),
                List.of("nexus", "describe", "%s"))) {
            String[] hidden = shell(BOB_KEY, command, HIDDEN);
            String[] unknown = shell(BOB_KEY, command, UNKNOWN);
            assertThat(hidden).as(command.toString()).containsExactly(unknown[0], unknown[1].replace(UNKNOWN, HIDDEN),
                    unknown[2].replace(UNKNOWN, HIDDEN));
            assertThat(hidden[0]).isEqualTo("2");
        }
        assertThat(shell(ALICE_KEY, List.of("nexus", "run", "%s", "--question", "q"), HIDDEN)[1]).contains("stats: q x1");
    }

    @Test
    void healthNamesWorkflowsOnlyToCallersWhoMaySeeThem() {
        JsonNode open = anonymous.get("/health").json();
        assertThat(open.path("workflows").asInt()).isEqualTo(2);
        assertThat(open.has("deployed")).as("no names without a credential").isFalse();
        assertThat(open.path("status").asString()).isEqualTo("running");

        Response wrongKey = anonymous.bearer("not-a-key-0123456789").get("/health");
        assertThat(wrongKey.status()).as("health stays open").isEqualTo(200);
        assertThat(wrongKey.json().has("deployed")).isFalse();

        assertThat(bob.get("/health").json().path("deployed").toString()).isEqualTo("[\"echo\"]");
        assertThat(alice.get("/health").json().path("deployed").toString()).isEqualTo("[\"echo\",\"" + HIDDEN + "\"]");
        assertThat(anonymous.with("X-API-Key", BOB_KEY).get("/health").json().path("deployed").toString())
                .isEqualTo("[\"echo\"]");
    }

    @Test
    void aRefusedCallOfAHiddenWorkflowIsStillAudited(CapturedOutput output) throws Exception {
        bob.execute(HIDDEN, Map.of("question", "q"));
        RawMcp bobs = new RawMcp(nexus).bearer(BOB_KEY);
        bobs.call(bobs.initialize(), "1", HIDDEN, "{\"question\":\"q\"}").get();
        bob.execute(UNKNOWN, Map.of("question", "q"));

        assertThat(output.getOut() + output.getErr())
                .containsPattern("principal=\"(key:)?bob\" workflow=\"" + HIDDEN + "\" channel=api outcome=forbidden")
                .containsPattern("principal=\"(key:)?bob\" workflow=\"" + HIDDEN + "\" channel=mcp outcome=forbidden")
                .doesNotContain("workflow=\"" + UNKNOWN + "\"");
    }

    /** @return exit code, stdout and stderr of a remote one-shot command, {@code %s} in it replaced by {@code name} */
    private static String[] shell(String key, List<String> command, String name) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = OneShotCommand.run(new ShellOperations(new RemoteShellBackend(nexus.baseUri(), JSON, key), JSON),
                command.stream().map(word -> word.replace("%s", name)).toList(), new PrintWriter(out, true),
                new PrintWriter(err, true));
        return new String[] { String.valueOf(code), out.toString(), err.toString() };
    }

    /** @return the answer's headers but its date, which differs from one second to the next */
    private static Map<String, List<String>> headers(HttpResponse<String> response) {
        Map<String, List<String>> headers = new TreeMap<>(response.headers().map());
        headers.remove("date");
        return headers;
    }
}

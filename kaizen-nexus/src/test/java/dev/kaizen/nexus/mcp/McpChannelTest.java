package dev.kaizen.nexus.mcp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import dev.kaizen.nexus.rest.RestChannel;
import dev.kaizen.core.Eventually;
import dev.kaizen.core.FieldType;
import dev.kaizen.core.FunctionAgent;
import dev.kaizen.core.Signature;
import dev.kaizen.nexus.Deployments;
import dev.kaizen.nexus.Nexus;
import dev.kaizen.nexus.TestAgents;
import dev.kaizen.nexus.deploy.DeploymentCache;
import dev.kaizen.nexus.deploy.DeploymentException;
import dev.kaizen.nexus.rest.RestClient;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.spec.McpError;
import io.modelcontextprotocol.spec.McpSchema;
import io.modelcontextprotocol.spec.McpSchema.CallToolRequest;
import io.modelcontextprotocol.spec.McpSchema.CallToolResult;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** The MCP channel over Streamable HTTP: the MCP Java SDK client against a real Nexus on a random port. */
class McpChannelTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private static Nexus nexus;

    private final List<McpSyncClient> clients = new ArrayList<>();

    @BeforeAll
    static void startNexus() {
        nexus = Nexus.builder().port(0).deploymentCache(new DeploymentCache(100, Runnable::run)).build().start();
    }

    @AfterAll
    static void stopNexus() {
        nexus.stop();
    }

    @AfterEach
    void cleanUp() {
        clients.forEach(McpSyncClient::closeGracefully);
        nexus.registry().list().forEach(d -> nexus.registry().undeploy(d.name()));
    }

    private McpSyncClient connect() {
        McpSyncClient client = McpClients.streamable(nexus.baseUri());
        clients.add(client);
        return client;
    }

    private static String text(CallToolResult result) {
        return ((McpSchema.TextContent) result.content().getFirst()).text();
    }

    @Test
    void initializeNamesTheServerAndOffersTools() {
        McpSyncClient client = connect();

        assertThat(client.getServerInfo().name()).isEqualTo("kaizen-nexus");
        assertThat(client.getServerCapabilities().tools()).isNotNull();
    }

    @Test
    void aDeployedWorkflowIsAToolWithItsSchemas() {
        Deployments.deployMultiChannel(TestAgents.echo("echo", ""), nexus, "qa");

        McpSchema.Tool tool = connect().listTools().tools().getFirst();

        assertThat(tool.name()).isEqualTo("qa");
        assertThat(tool.description()).isEqualTo("Echoes with ");
        JsonNode input = JSON.valueToTree(tool.inputSchema());
        JsonNode output = JSON.valueToTree(tool.outputSchema());
        assertThat(input.get("properties").propertyNames()).containsExactly("question", "count", "sessionId");
        assertThat(input.get("required").toString()).isEqualTo("[\"question\"]");
        assertThat(input.has("$schema")).isFalse();
        assertThat(output.get("properties").propertyNames()).containsExactly("answer", "sessionId");
        assertThat(output.get("required").toString()).isEqualTo("[\"answer\"]");
    }

    @Test
    void aCallAnswersWithStructuredContentAndTheSameJsonAsText() {
        Deployments.deployAsMcp(TestAgents.echo("echo", "hi "), nexus, "qa");

        CallToolResult result = connect().callTool(new CallToolRequest("qa", Map.of("question", "there", "count", 2)));

        assertThat(result.isError()).isFalse();
        assertThat(result.structuredContent()).isEqualTo(Map.of("answer", "hi there x2"));
        JsonNode structured = JSON.valueToTree(result.structuredContent());
        assertThat(JSON.readTree(text(result))).isEqualTo(structured);
    }

    @Test
    void theSessionIdTravelsThroughToTheAgentAndBack() {
        Deployments.deployAsMcp(TestAgents.agent("who", "session echo", in -> Map.of("answer", "ok")), nexus, "who");
        FunctionAgent sessionAware = FunctionAgent.builder().name("who").signature(TestAgents.qaSignature())
                .function((in, context) -> Map.of("answer", context.sessionId().orElse("none"))).build();
        Deployments.deployAsMcp(sessionAware, nexus, "who");
        nexus.sessions().createSession("s-42", null, Duration.ofMinutes(5));

        CallToolResult result = connect().callTool(new CallToolRequest("who", Map.of("question", "q", "sessionId", "s-42")));

        assertThat(result.structuredContent()).isEqualTo(Map.of("answer", "s-42", "sessionId", "s-42"));
    }

    @Test
    void invalidArgumentsAreAnErrorResultNamingEachField() {
        Deployments.deployAsMcp(TestAgents.echo("echo", ""), nexus, "qa");

        CallToolResult result = connect().callTool(new CallToolRequest("qa", Map.of("count", "many", "colour", "red")));

        assertThat(result.isError()).isTrue();
        assertThat(text(result)).isEqualTo(
                "invalid inputs: question: required; count: expected integer, got string; colour: unknown field");
    }

    @Test
    void aBadSessionIdIsAnErrorResult() {
        Deployments.deployAsMcp(TestAgents.echo("echo", ""), nexus, "qa");

        CallToolResult result = connect().callTool(new CallToolRequest("qa", Map.of("question", "q", "sessionId", 5)));

        assertThat(result.isError()).isTrue();
        assertThat(text(result)).isEqualTo("sessionId: expected string, got integer");
    }

    @Test
    void anAgentFailureIsAPlainErrorResult() {
        Deployments.deployAsMcp(TestAgents.agent("broken", "fails", in -> {
            throw new IllegalStateException("database is down");
        }), nexus, "broken");

        CallToolResult result = connect().callTool(new CallToolRequest("broken", Map.of("question", "q")));

        assertThat(result.isError()).isTrue();
        assertThat(text(result)).matches("agent 'broken' failed: database is down \\(correlation id [0-9a-f-]{36}\\)");
    }

    @Test
    void aTimeoutIsAnErrorResult() {
        FunctionAgent slow = TestAgents.waitingForInterrupt("slow", Duration.ofMillis(100));
        Deployments.deployAsMcp(slow, nexus, "slow");

        CallToolResult result = connect().callTool(new CallToolRequest("slow", Map.of("question", "q")));

        assertThat(result.isError()).isTrue();
        assertThat(text(result)).matches("workflow 'slow' did not finish within 100 ms \\(correlation id [0-9a-f-]{36}\\)");
    }

    @Test
    void anUnknownToolIsTheJsonRpcInvalidParamsError() {
        McpSyncClient client = connect();

        assertThatThrownBy(() -> client.callTool(new CallToolRequest("nope", Map.of())))
                .isInstanceOfSatisfying(McpError.class, e -> {
                    assertThat(e.getJsonRpcError().code()).isEqualTo(McpSchema.ErrorCodes.INVALID_PARAMS);
                    assertThat(e.getJsonRpcError().message()).isEqualTo("Tool not found: nope");
                });
    }

    @Test
    void connectedClientsHearOfDeploysAndUndeploys() throws InterruptedException {
        BlockingQueue<List<String>> changes = new LinkedBlockingQueue<>();
        McpSyncClient client = McpClients.streamable(nexus.baseUri(),
                tools -> changes.add(tools.stream().map(McpSchema.Tool::name).toList()));
        clients.add(client);
        awaitListening(changes);

        Deployments.deployAsMcp(TestAgents.echo("echo", ""), nexus, "added");
        assertThat(nextChange(changes, tools -> tools.contains("added"))).as("tool list after the deploy")
                .containsExactly("added");

        Deployments.undeploy(nexus, "added");
        assertThat(nextChange(changes, List::isEmpty)).as("tool list after the undeploy").isEmpty();
        assertThat(client.listTools().tools()).isEmpty();
    }

    /**
     * The SDK client opens the stream that carries list changes by itself, some time after
     * initialize returns; a change before the server has that stream reaches nobody. A probe tool
     * is deployed and withdrawn until the client hears of one, then every list heard so far is dropped.
     */
    private static void awaitListening(BlockingQueue<List<String>> changes) throws InterruptedException {
        long deadline = System.nanoTime() + Eventually.DEADLINE.toNanos();
        List<String> heard = null;
        while (heard == null && System.nanoTime() - deadline < 0) {
            Deployments.deployAsMcp(TestAgents.echo("echo", "probe"), nexus, "probe");
            Deployments.undeploy(nexus, "probe");
            heard = changes.poll(100, TimeUnit.MILLISECONDS);
        }
        assertThat(heard).as("a list change reached the client").isNotNull();
        // A list for the probe's other notification may still come; it never names "added".
        changes.clear();
    }

    /**
     * The next list heard that matches: each notification makes the client list the tools on a
     * thread of its own, so a list fetched for an earlier change may arrive after a later one's.
     */
    private static List<String> nextChange(BlockingQueue<List<String>> changes, Predicate<List<String>> matching)
            throws InterruptedException {
        long deadline = System.nanoTime() + Eventually.DEADLINE.toNanos();
        for (List<String> tools = changes.poll(10, TimeUnit.SECONDS); tools != null;
                tools = changes.poll(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS)) {
            if (matching.test(tools)) {
                return tools;
            }
        }
        return null;
    }

    @Test
    void aRedeployReplacesTheToolInPlace() {
        Deployments.deployAsMcp(TestAgents.echo("echo", "v1 "), nexus, "qa");
        McpSyncClient client = connect();

        Deployments.deployAsMcp(TestAgents.echo("echo", "v2 "), nexus, "qa");

        assertThat(client.listTools().tools()).extracting(McpSchema.Tool::description).containsExactly("Echoes with v2 ");
        assertThat(client.callTool(new CallToolRequest("qa", Map.of("question", "q"))).structuredContent())
                .isEqualTo(Map.of("answer", "v2 q x1"));
    }

    @Test
    void twoClientsAtOnceEachGetTheirOwnAnswers() throws Exception {
        Deployments.deployAsMcp(TestAgents.echo("echo", ""), nexus, "qa");
        McpSyncClient first = connect();
        McpSyncClient second = connect();

        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<Object>> answers = new ArrayList<>();
            for (int i = 0; i < 20; i++) {
                McpSyncClient client = i % 2 == 0 ? first : second;
                String question = "q" + i;
                answers.add(pool.submit(() -> client.callTool(new CallToolRequest("qa", Map.of("question", question)))
                        .structuredContent()));
            }
            for (int i = 0; i < 20; i++) {
                assertThat(answers.get(i).get(30, TimeUnit.SECONDS)).isEqualTo(Map.of("answer", "q" + i + " x1"));
            }
        }
    }

    @Test
    void aMalformedMessageFromOneClientLeavesAnotherUntouched() throws Exception {
        Deployments.deployAsMcp(TestAgents.echo("echo", ""), nexus, "qa");
        McpSyncClient good = connect();

        HttpResponse<String> garbage = post("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":", "127.0.0.1", null);

        assertThat(garbage.statusCode()).isBetween(400, 499);
        assertThat(good.callTool(new CallToolRequest("qa", Map.of("question", "still here"))).structuredContent())
                .isEqualTo(Map.of("answer", "still here x1"));
    }

    @Test
    void mcpAndRestGiveTheSameOutputsForTheSameInputs() {
        Deployments.deployMultiChannel(TestAgents.echo("echo", "same "), nexus, "qa");
        Map<String, Object> inputs = Map.of("question", "answer", "count", 3);

        Object viaMcp = connect().callTool(new CallToolRequest("qa", inputs)).structuredContent();
        JsonNode viaRest = new RestClient(nexus.baseUri()).execute("qa", inputs).json().get("outputs");

        JsonNode mcpOutputs = JSON.valueToTree(viaMcp);
        assertThat(mcpOutputs).isEqualTo(viaRest);
    }

    @Test
    void aSignatureWithASessionIdInputCannotBeDeployedOnMcpAndNothingChanges() {
        FunctionAgent clash = FunctionAgent.builder().name("clash").signature(Signature.builder()
                .input("sessionId", FieldType.STRING, "clashes").output("answer", FieldType.STRING, "a").build())
                .function(in -> Map.of("answer", "x")).build();

        assertThatThrownBy(() -> Deployments.deployMultiChannel(clash, nexus, "clash"))
                .isInstanceOf(DeploymentException.class)
                .hasMessageContaining("reserves for the session id");
        assertThat(nexus.registry().find("clash")).isEmpty();
        assertThat(nexus.channel(RestChannel.class).orElseThrow().lookup("clash")).isNull();
    }

    @Test
    void aForeignHostIsRefusedAgainstDnsRebinding() throws Exception {
        HttpResponse<String> response = post(initialize("2025-11-25"), "evil.example", null);

        assertThat(response.statusCode()).isEqualTo(421);
        // A JSON-RPC error that says why and which setting decides, not the servlet container's error page.
        assertThat(JSON.readTree(response.body()).at("/error/message").asString())
                .isEqualTo("Host 'evil.example' is not accepted; the server's allowed hosts are set by "
                        + "kaizen.nexus.security.allowed-hosts");
    }

    @Test
    void aForeignOriginIsRefused() throws Exception {
        HttpResponse<String> response = post(initialize("2025-11-25"), "127.0.0.1", "http://evil.example");

        assertThat(response.statusCode()).isEqualTo(403);
        assertThat(JSON.readTree(response.body()).at("/error/message").asString())
                .contains("Origin 'http://evil.example' is not accepted", "kaizen.nexus.security.allowed-origins");
    }

    @Test
    void aGetStreamIsAnsweredAtOnceNotAtItsFirstMessage() throws Exception {
        HttpResponse<String> initialized = post(initialize("2025-11-25"), "127.0.0.1", null);
        String session = initialized.headers().firstValue("Mcp-Session-Id").orElseThrow();
        HttpClient http = HttpClient.newHttpClient();

        // send() returns with the headers; without them it would wait for the first notification.
        HttpResponse<java.io.InputStream> stream = http.sendAsync(HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + nexus.port() + "/mcp"))
                .header("Accept", "text/event-stream").header("Mcp-Session-Id", session).GET().build(),
                HttpResponse.BodyHandlers.ofInputStream()).get(10, TimeUnit.SECONDS);
        try {
            assertThat(stream.statusCode()).isEqualTo(200);
            assertThat(stream.headers().firstValue("Content-Type")).hasValueSatisfying(
                    type -> assertThat(type).startsWith("text/event-stream"));
        }
        finally {
            stream.body().close();
            http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + nexus.port() + "/mcp"))
                    .header("Mcp-Session-Id", session).DELETE().build(), HttpResponse.BodyHandlers.discarding());
        }
    }

    @ParameterizedTest
    @ValueSource(strings = { "2025-03-26", "2025-06-18", "2025-11-25" })
    void everyStreamableHttpRevisionIsSpoken(String version) throws Exception {
        assertThat(negotiated(version)).isEqualTo(version);
    }

    @Test
    void aClientAskingForThePreStreamableRevisionIsOfferedTheLatest() throws Exception {
        // 2024-11-05 defined HTTP+SSE, not Streamable HTTP; by the spec the server answers with its latest.
        assertThat(negotiated("2024-11-05")).isEqualTo("2025-11-25");
    }

    private static String negotiated(String version) throws Exception {
        HttpResponse<String> response = post(initialize(version), "127.0.0.1", null);
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Mcp-Session-Id")).isPresent();
        String body = response.body();
        String json = body.contains("data:") ? body.substring(body.indexOf("data:") + 5).strip() : body;
        return JSON.readTree(json).get("result").get("protocolVersion").asString();
    }

    private static String initialize(String version) {
        return "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"initialize\",\"params\":{\"protocolVersion\":\"" + version
                + "\",\"capabilities\":{},\"clientInfo\":{\"name\":\"raw\",\"version\":\"1\"}}}";
    }

    /**
     * A raw POST to /mcp, to control exactly the headers a client sends (the surefire
     * configuration lets the JDK client set Host).
     */
    private static HttpResponse<String> post(String body, String host, String origin) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + nexus.port() + "/mcp"))
                .header("Host", host.equals("127.0.0.1") ? host + ":" + nexus.port() : host)
                .header("Content-Type", "application/json")
                .header("Accept", "application/json, text/event-stream")
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (origin != null) {
            request.header("Origin", origin);
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

}

package dev.kaizen.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import io.modelcontextprotocol.client.McpClient;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.client.transport.ServerParameters;
import io.modelcontextprotocol.client.transport.StdioClientTransport;
import io.modelcontextprotocol.json.jackson3.JacksonMcpJsonMapper;
import io.modelcontextprotocol.spec.McpSchema;
import io.modelcontextprotocol.spec.McpSchema.CallToolRequest;
import io.modelcontextprotocol.spec.McpSchema.CallToolResult;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** MCP over stdio, with the example jar launched as a subprocess, as Claude Desktop does. */
class McpStdioIT {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private static String java() {
        return ExampleApp.java();
    }

    private static String jar() {
        return ExampleApp.jar().toString();
    }

    @Test
    void theSdkClientListsAndCallsTheExampleTools() {
        ServerParameters server = ServerParameters.builder(java()).args("-jar", jar(), "--mcp-stdio").build();
        StdioClientTransport transport = new StdioClientTransport(server, new JacksonMcpJsonMapper(JSON));
        McpSyncClient client = McpClient.sync(transport).requestTimeout(Duration.ofSeconds(60))
                .initializationTimeout(Duration.ofSeconds(90)).build();
        try {
            McpSchema.InitializeResult init = client.initialize();
            List<String> tools = client.listTools().tools().stream().map(McpSchema.Tool::name).toList();
            CallToolResult stats = client.callTool(new CallToolRequest("text-stats",
                    Map.of("text", "One sentence here. And another one!", "top", 2)));
            CallToolResult invalid = client.callTool(new CallToolRequest("text-stats", Map.of("top", "two")));

            assertThat(init.serverInfo().name()).isEqualTo("kaizen-nexus");
            assertThat(tools).contains("assistant", "text-stats");
            assertThat(stats.isError()).isFalse();
            JsonNode outputs = JSON.valueToTree(stats.structuredContent());
            assertThat(outputs.get("words").asInt()).isEqualTo(6);
            assertThat(outputs.get("sentences").asInt()).isEqualTo(2);
            assertThat(invalid.isError()).isTrue();
            assertThat(((McpSchema.TextContent) invalid.content().getFirst()).text())
                    .isEqualTo("invalid inputs: text: required; top: expected integer, got string");
        }
        finally {
            client.closeGracefully();
        }
    }

    /** How an MCP client may launch the app: the jar, or the launcher the build makes beside it. */
    static List<List<String>> launches() {
        return List.of(List.of(java(), "-jar", jar(), "--mcp-stdio"),
                List.of(ExampleApp.launcher().toString(), "--mcp-stdio"));
    }

    @ParameterizedTest
    @MethodSource("launches")
    void stdoutCarriesOnlyProtocolMessagesAndTheProcessExitsWhenStdinCloses(List<String> launch) throws Exception {
        Process process = new ProcessBuilder(launch).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        try (OutputStream stdin = process.getOutputStream();
                BufferedReader stdout = new BufferedReader(
                        new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            send(stdin, "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"initialize\",\"params\":{\"protocolVersion\":"
                    + "\"2024-11-05\",\"capabilities\":{},\"clientInfo\":{\"name\":\"raw\",\"version\":\"1\"}}}");
            JsonNode initialized = JSON.readTree(stdout.readLine());
            send(stdin, "{\"jsonrpc\":\"2.0\",\"method\":\"notifications/initialized\"}");
            send(stdin, "{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"tools/list\"}");
            JsonNode listed = responseTo(2, stdout);

            // The first line on stdout is the initialize response: no banner, no log line before it.
            assertThat(initialized.get("id").asInt()).isEqualTo(1);
            assertThat(initialized.get("result").get("protocolVersion").asString()).isEqualTo("2024-11-05");
            assertThat(listed.get("id").asInt()).isEqualTo(2);
            assertThat(listed.get("result").get("tools").size()).isGreaterThanOrEqualTo(2);
        }
        // Closing stdin (above) is how a stdio client says it is done.
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).as("the server exits after stdin closes").isTrue();
        assertThat(process.exitValue()).isZero();
    }

    /** A client that writes its requests and closes its side at once, as a pipe does, gets every answer. */
    @ParameterizedTest
    @MethodSource("launches")
    void requestsSentJustBeforeStdinClosesAreStillAnswered(List<String> launch) throws Exception {
        Process process = new ProcessBuilder(launch).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        try (OutputStream stdin = process.getOutputStream()) {
            send(stdin, "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"initialize\",\"params\":{\"protocolVersion\":"
                    + "\"2024-11-05\",\"capabilities\":{},\"clientInfo\":{\"name\":\"raw\",\"version\":\"1\"}}}");
            send(stdin, "{\"jsonrpc\":\"2.0\",\"method\":\"notifications/initialized\"}");
            send(stdin, "{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"tools/list\"}");
            send(stdin, "{\"jsonrpc\":\"2.0\",\"id\":3,\"method\":\"tools/call\",\"params\":{\"name\":\"text-stats\","
                    + "\"arguments\":{\"text\":\"Last words.\"}}}");
        }
        List<String> lines;
        try {
            // To the end of stdout (the process exits after answering), within a deadline.
            lines = java.util.concurrent.CompletableFuture.supplyAsync(() -> new BufferedReader(
                    new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8)).lines().toList())
                    .get(60, TimeUnit.SECONDS);
            assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        }
        finally {
            process.destroyForcibly();
        }

        assertThat(lines.stream().map(JSON::readTree).filter(message -> message.has("id"))
                .map(message -> message.get("id").asInt())).containsExactlyInAnyOrder(1, 2, 3);
        assertThat(process.exitValue()).isZero();
    }

    /** Reads stdout until the response with this id, checking every line is a JSON-RPC message. */
    private static JsonNode responseTo(int id, BufferedReader stdout) throws java.io.IOException {
        for (int lines = 0; lines < 20; lines++) {
            String line = stdout.readLine();
            assertThat(line).as("stdout ended before the response to %d", id).isNotNull();
            JsonNode message = JSON.readTree(line);
            assertThat(message.get("jsonrpc").asString()).as("a JSON-RPC message: %s", line).isEqualTo("2.0");
            if (message.has("id") && message.get("id").asInt() == id) {
                return message;
            }
        }
        throw new AssertionError("no response to " + id + " in 20 lines");
    }

    private static void send(OutputStream stdin, String message) throws java.io.IOException {
        stdin.write((message + "\n").getBytes(StandardCharsets.UTF_8));
        stdin.flush();
    }
}

package dev.kaizen.nexus;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.CompletableFuture;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.kaizen.core.AgentConfig;
import dev.kaizen.core.ChatAgent;
import dev.kaizen.core.ChatCompletionsServer;
import dev.kaizen.core.Eventually;
import dev.kaizen.nexus.mcp.RawMcp;
import dev.kaizen.nexus.metrics.Outcome;
import dev.kaizen.nexus.metrics.PerformanceMetrics;
import dev.kaizen.nexus.rest.RestConfig;
import dev.kaizen.nexus.shell.OneShotCommand;
import dev.kaizen.nexus.shell.ShellChannel;
import io.modelcontextprotocol.client.McpClient;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.client.transport.HttpClientStreamableHttpTransport;
import io.modelcontextprotocol.spec.McpSchema.CallToolRequest;
import io.modelcontextprotocol.spec.McpSchema.ProgressNotification;

/**
 * A ChatAgent whose OpenAI-compatible model streams {@code chat.completion.chunk} events (a
 * loopback server speaking that wire format), on all three channels: tokens as REST events, as MCP
 * progress and on the shell's stdout (as text); and a REST client that leaves, or an MCP cancellation, closes
 * the model call and records the run as cancelled (the shell's Ctrl-C: {@code ShellProgressTest}).
 */
class ChatStreamingAcrossChannelsTest {

    private static final String[] PIECES = { "{\"answer\": ", "\"Kaizen ", "means ", "improvement\"", "}" };

    /** 200 chunks 50 ms apart: a 10 s answer, which a cancel must cut short. */
    private static final String[] SLOW = "x".repeat(200).split("");

    private ChatCompletionsServer model;

    private Nexus nexus;

    @BeforeEach
    void start() throws Exception {
        model = new ChatCompletionsServer();
        nexus = Nexus.builder().port(0).rest(RestConfig.builder().sseHeartbeat(Duration.ofMillis(50)).build()).build()
                .start();
        Deployments.deployMultiChannel(qa(), nexus, "qa");
    }

    private ChatAgent qa() {
        return ChatAgent.builder().name("qa").description("Answers").signature(TestAgents.qaSignature())
                .config(AgentConfig.builder().provider("openai").baseUrl(model.baseUrl()).model("test-model").build())
                .build();
    }

    @AfterEach
    void stop() {
        nexus.close();
        model.close();
    }

    @Test
    void restEventsCarryTheModelsChunksThenTheValidatedResult() throws Exception {
        model.stream(Duration.ZERO, PIECES);

        List<String> lines = new ArrayList<>();
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(sse().body(), StandardCharsets.UTF_8))) {
            reader.lines().filter(line -> line.startsWith("data:")).forEach(lines::add);
        }

        assertThat(lines).hasSize(1 + PIECES.length + 1);
        assertThat(lines.subList(1, 1 + PIECES.length)).containsExactly(
                java.util.Arrays.stream(PIECES).map(piece -> "data:" + nexus.json().writeValueAsString(
                        Map.of("text", piece))).toArray(String[]::new));
        assertThat(lines.getLast()).contains("\"outputs\":{\"answer\":\"Kaizen means improvement\"}");
    }

    @Test
    void mcpProgressCarriesTheModelsChunks() {
        model.stream(Duration.ZERO, PIECES);
        List<ProgressNotification> heard = new CopyOnWriteArrayList<>();
        McpSyncClient client = McpClient.sync(HttpClientStreamableHttpTransport.builder(nexus.baseUri().toString())
                .endpoint("/mcp").build()).requestTimeout(Duration.ofSeconds(30)).progressConsumer(heard::add).build();
        try {
            client.initialize();
            var result = client.callTool(new CallToolRequest("qa", Map.of("question", "q"), Map.of("progressToken", 1)));

            assertThat(result.structuredContent()).isEqualTo(Map.of("answer", "Kaizen means improvement"));
            // The server sends every notification before the answer, but the SDK's sync client hands
            // each to the consumer on a thread of its own: they may arrive after callTool returns, and
            // out of order (their progress counter gives the order they were sent in).
            List<ProgressNotification> all = Eventually.until(() -> List.copyOf(heard),
                    list -> list.size() >= PIECES.length);
            assertThat(all.stream().sorted(java.util.Comparator.comparingDouble(ProgressNotification::progress)))
                    .extracting(ProgressNotification::message).containsExactly(PIECES);
        }
        finally {
            client.closeGracefully();
        }
    }

    @Test
    void theShellStreamsTheChunksInTextFormat() {
        model.stream(Duration.ZERO, PIECES);
        StringWriter out = new StringWriter();

        int code = OneShotCommand.run(ShellChannel.of(nexus).operations().streamingTokens(true),
                List.of("nexus", "run", "qa", "--question", "q", "--format", "text"), new PrintWriter(out),
                new PrintWriter(new StringWriter()));

        assertThat(code).isZero();
        // The model streams its answer as JSON; a person reads its text as it comes, then the outputs.
        assertThat(out.toString()).isEqualTo("Kaizen means improvement\nanswer: Kaizen means improvement\n");
    }

    @Test
    void aRestClientThatLeavesClosesTheModelCall() throws Exception {
        model.stream(Duration.ofMillis(50), SLOW);
        long before = RecordedOutcomes.count(nexus, PerformanceMetrics.API, "qa", Outcome.CANCELLED);

        HttpResponse<InputStream> response = sse();
        BufferedReader reader = new BufferedReader(new InputStreamReader(response.body(), StandardCharsets.UTF_8));
        for (String line = reader.readLine(); line != null && !line.contains("\"text\""); line = reader.readLine()) {
            // up to the first token: the model is streaming
        }
        response.body().close();

        assertThat(model.hungUp.await(Eventually.SECONDS, TimeUnit.SECONDS))
                .as("the model saw its client hang up").isTrue();
        assertThat(model.chunksWritten).as("long before the end of its 10 s answer").isLessThan(SLOW.length);
        assertThat(RecordedOutcomes.awaitMore(nexus, PerformanceMetrics.API, "qa", Outcome.CANCELLED, before))
                .isEqualTo(before + 1);
    }

    /**
     * After a client leaves, the container recycles its response for the next connection: nothing
     * of the old stream (a late token, its completion) may touch it then, or the next client's
     * stream breaks or hangs.
     */
    @Test
    void clientsThatLeaveOneAfterAnotherLeaveTheNextStreamsWhole() throws Exception {
        model.stream(Duration.ofMillis(1), "x".repeat(10_000).split(""));
        try (Nexus plain = Nexus.builder().port(0).build().start()) { // the default heartbeat: tokens only
            Deployments.deployAsApi(qa(), plain, "qa");
            for (int client = 0; client < 60; client++) {
                try (java.net.Socket socket = new java.net.Socket(java.net.InetAddress.getLoopbackAddress(),
                        plain.baseUri().getPort())) {
                    socket.setSoTimeout(10_000); // a stream that hangs fails the test instead of hanging it
                    byte[] body = "{\"inputs\":{\"question\":\"q\"}}".getBytes(StandardCharsets.UTF_8);
                    socket.getOutputStream().write(("POST /api/workflows/qa/execute HTTP/1.1\r\nHost: 127.0.0.1:"
                            + plain.baseUri().getPort() + "\r\nContent-Type: application/json\r\n"
                            + "Accept: text/event-stream\r\nContent-Length: " + body.length + "\r\n\r\n")
                            .getBytes(StandardCharsets.US_ASCII));
                    socket.getOutputStream().write(body);
                    BufferedReader reader = new BufferedReader(new InputStreamReader(socket.getInputStream(),
                            StandardCharsets.UTF_8));
                    String line = reader.readLine();
                    while (line != null && !line.equals("event:token")) {
                        line = reader.readLine();
                    }
                    assertThat(line).as("client %d hears the model's first token", client).isEqualTo("event:token");
                }
            }
        }
    }

    @Test
    void anMcpCancellationClosesTheModelCall() throws Exception {
        model.stream(Duration.ofMillis(50), SLOW);
        long before = RecordedOutcomes.count(nexus, PerformanceMetrics.MCP, "qa", Outcome.CANCELLED);
        RawMcp mcp = new RawMcp(nexus);
        String session = mcp.initialize();

        CompletableFuture<HttpResponse<String>> call = mcp.callWithProgress(session, "5", "qa",
                "{\"question\":\"q\"}");
        assertThat(model.streaming.await(Eventually.SECONDS, TimeUnit.SECONDS)).as("the model is streaming").isTrue();
        mcp.cancel(session, "5");

        assertThat(model.hungUp.await(Eventually.SECONDS, TimeUnit.SECONDS))
                .as("the model saw its client hang up").isTrue();
        assertThat(model.chunksWritten).as("long before the end of its 10 s answer").isLessThan(SLOW.length);
        assertThat(call.get(Eventually.SECONDS, TimeUnit.SECONDS).body()).contains("\"isError\":true", "cancelled");
        assertThat(RecordedOutcomes.awaitMore(nexus, PerformanceMetrics.MCP, "qa", Outcome.CANCELLED, before))
                .isEqualTo(before + 1);
    }

    private HttpResponse<InputStream> sse() throws Exception {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create(nexus.baseUri() + "/api/workflows/qa/execute"))
                .header("Content-Type", "application/json").header("Accept", "text/event-stream")
                .POST(HttpRequest.BodyPublishers.ofString("{\"inputs\":{\"question\":\"q\"}}")).build(),
                HttpResponse.BodyHandlers.ofInputStream());
    }
}

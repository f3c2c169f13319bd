package dev.kaizen.nexus.mcp;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import dev.kaizen.core.FunctionAgent;
import dev.kaizen.core.Signature;
import dev.kaizen.nexus.Deployments;
import dev.kaizen.nexus.Nexus;
import dev.kaizen.nexus.TestAgents;
import io.modelcontextprotocol.client.McpClient;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.client.transport.HttpClientStreamableHttpTransport;
import io.modelcontextprotocol.json.jackson3.JacksonMcpJsonMapper;
import io.modelcontextprotocol.spec.McpSchema.CallToolRequest;
import io.modelcontextprotocol.spec.McpSchema.CallToolResult;
import io.modelcontextprotocol.spec.McpSchema.ProgressNotification;
import tools.jackson.databind.json.JsonMapper;

/** Progress notifications for a call that carries a progressToken, and cancellation by the client. */
class McpStreamingTest {

    private static final Signature TEXT = TestAgents.textSignature();

    private static Nexus nexus;

    private static final HttpClient http = HttpClient.newHttpClient();

    @BeforeAll
    static void start() {
        nexus = Nexus.builder().port(0).build().start();
        Deployments.deployAsMcp(FunctionAgent.builder().name("steps").signature(TEXT).function((inputs, run) -> {
            run.progress("reading");
            run.progress("writing", 0.5);
            run.token("HEL");
            return Map.of("result", "HELLO");
        }).build(), nexus, "steps");
    }

    @AfterAll
    static void stop() {
        nexus.close();
    }

    @Test
    void aCallWithAProgressTokenHearsProgressAndTokens() {
        List<ProgressNotification> heard = new CopyOnWriteArrayList<>();
        McpSyncClient client = McpClient.sync(HttpClientStreamableHttpTransport.builder(nexus.baseUri().toString())
                .endpoint("/mcp").jsonMapper(new JacksonMcpJsonMapper(JsonMapper.builder().build())).build())
                .requestTimeout(Duration.ofSeconds(30)).progressConsumer(heard::add).build();
        try {
            client.initialize();
            CallToolResult result = client.callTool(new CallToolRequest("steps", Map.of("text", "hi"),
                    Map.of("progressToken", "p-1")));

            assertThat(result.isError()).isFalse();
            assertThat(heard).extracting(ProgressNotification::message).containsExactly("reading", "writing (50%)",
                    "HEL");
            assertThat(heard).extracting(ProgressNotification::progress).containsExactly(1.0, 2.0, 3.0);
            assertThat(heard).extracting(ProgressNotification::progressToken).containsOnly("p-1");

            heard.clear();
            client.callTool(new CallToolRequest("steps", Map.of("text", "hi")));
            assertThat(heard).as("no token, no notifications").isEmpty();
        }
        finally {
            client.closeGracefully();
        }
    }

    @Test
    void notificationsCancelledCancelsTheRunAndItsCallAnswersCancelled() throws Exception {
        CountDownLatch running = new CountDownLatch(1);
        CountDownLatch interrupted = new CountDownLatch(1);
        deployWaiting("waits-cancel", running, interrupted);
        String session = initialize();

        CompletableFuture<HttpResponse<String>> call = http.sendAsync(post(session, toolsCall(7, "waits-cancel")),
                HttpResponse.BodyHandlers.ofString());
        assertThat(running.await(10, TimeUnit.SECONDS)).isTrue();
        http.send(post(session, "{\"jsonrpc\":\"2.0\",\"method\":\"notifications/cancelled\",\"params\":"
                + "{\"requestId\":7,\"reason\":\"the user gave up\"}}"), HttpResponse.BodyHandlers.discarding());

        assertThat(interrupted.await(10, TimeUnit.SECONDS)).as("the agent was interrupted").isTrue();
        assertThat(call.get(10, TimeUnit.SECONDS).body()).contains("\"isError\":true", "cancelled");
    }

    @Test
    void aCancellationThatOvertakesItsCallCancelsItAsItStarts() throws Exception {
        CountDownLatch running = new CountDownLatch(1);
        deployWaiting("waits-overtaken", running, new CountDownLatch(1));
        String session = initialize();

        http.send(post(session, "{\"jsonrpc\":\"2.0\",\"method\":\"notifications/cancelled\",\"params\":"
                + "{\"requestId\":\"late-1\"}}"), HttpResponse.BodyHandlers.discarding());
        HttpResponse<String> call = http.send(post(session, toolsCall("\"late-1\"", "waits-overtaken")),
                HttpResponse.BodyHandlers.ofString());

        assertThat(call.body()).contains("\"isError\":true", "cancelled");
        assertThat(running.getCount()).as("the agent never ran").isEqualTo(1);
    }

    @Test
    void endingTheSessionCancelsItsRuns() throws Exception {
        CountDownLatch running = new CountDownLatch(1);
        CountDownLatch interrupted = new CountDownLatch(1);
        deployWaiting("waits-delete", running, interrupted);
        String session = initialize();

        http.sendAsync(post(session, toolsCall(8, "waits-delete")), HttpResponse.BodyHandlers.discarding());
        assertThat(running.await(10, TimeUnit.SECONDS)).isTrue();
        http.send(HttpRequest.newBuilder(mcp()).header("Mcp-Session-Id", session).DELETE().build(),
                HttpResponse.BodyHandlers.discarding());

        assertThat(interrupted.await(10, TimeUnit.SECONDS)).as("the agent was interrupted").isTrue();
    }

    private static void deployWaiting(String name, CountDownLatch running, CountDownLatch interrupted) {
        Deployments.deployAsMcp(TestAgents.waitingForCancel(name, running, interrupted), nexus, name);
    }

    private static String initialize() throws Exception {
        HttpResponse<String> initialized = http.send(post(null, "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"initialize\","
                + "\"params\":{\"protocolVersion\":\"2025-11-25\",\"capabilities\":{},\"clientInfo\":{\"name\":\"t\","
                + "\"version\":\"1\"}}}"), HttpResponse.BodyHandlers.ofString());
        String session = initialized.headers().firstValue("Mcp-Session-Id").orElseThrow();
        http.send(post(session, "{\"jsonrpc\":\"2.0\",\"method\":\"notifications/initialized\"}"),
                HttpResponse.BodyHandlers.discarding());
        return session;
    }

    private static String toolsCall(int id, String tool) {
        return toolsCall(Integer.toString(id), tool);
    }

    private static String toolsCall(String id, String tool) {
        return "{\"jsonrpc\":\"2.0\",\"id\":" + id + ",\"method\":\"tools/call\",\"params\":{\"name\":\"" + tool
                + "\",\"arguments\":{\"text\":\"x\"}}}";
    }

    private static URI mcp() {
        return URI.create(nexus.baseUri() + "/mcp");
    }

    private static HttpRequest post(String session, String body) {
        HttpRequest.Builder request = HttpRequest.newBuilder(mcp()).header("Content-Type", "application/json")
                .header("Accept", "application/json, text/event-stream").POST(HttpRequest.BodyPublishers.ofString(body));
        if (session != null) {
            request.header("Mcp-Session-Id", session);
        }
        return request.build();
    }
}

package dev.kaizen.nexus.mcp;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PipedInputStream;
import java.io.PipedOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import dev.kaizen.nexus.Deployments;
import dev.kaizen.nexus.Nexus;
import dev.kaizen.nexus.TestAgents;
import tools.jackson.databind.json.JsonMapper;

/**
 * Over stdio, a client's notifications/cancelled cancels the call it names, as over HTTP; and an
 * unknown tool's error names the tool, as over HTTP.
 */
class McpStdioCancellationTest {

    @Test
    void notificationsCancelledCancelsARunningCallOverStdio() throws Exception {
        CountDownLatch running = new CountDownLatch(1);
        CountDownLatch interrupted = new CountDownLatch(1);
        PipedOutputStream client = new PipedOutputStream();
        PipedInputStream serverIn = new PipedInputStream(client, 64 * 1024);
        PipedOutputStream serverOut = new PipedOutputStream();
        BufferedReader answers = new BufferedReader(new InputStreamReader(new PipedInputStream(serverOut, 64 * 1024),
                StandardCharsets.UTF_8));
        PrintStream send = new PrintStream(client, true, StandardCharsets.UTF_8);
        try (Nexus nexus = Nexus.builder().build();
                McpStdioServer server = McpStdioServer.serve(nexus, JsonMapper.builder().build(), serverIn, serverOut)) {
            Deployments.deployAsMcp(TestAgents.waitingForCancel("waits", running, interrupted), nexus, "waits");
            send.println("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"initialize\",\"params\":{\"protocolVersion\":"
                    + "\"2025-11-25\",\"capabilities\":{},\"clientInfo\":{\"name\":\"t\",\"version\":\"1\"}}}");
            assertThat(answerTo(answers, "1")).contains("\"protocolVersion\"");
            send.println("{\"jsonrpc\":\"2.0\",\"method\":\"notifications/initialized\"}");

            send.println("{\"jsonrpc\":\"2.0\",\"id\":\"call-2\",\"method\":\"tools/call\",\"params\":{\"name\":\"waits\","
                    + "\"arguments\":{\"text\":\"x\"}}}");
            CompletableFuture<String> answer = CompletableFuture.supplyAsync(() -> answerTo(answers, "\"call-2\""));
            assertThat(running.await(10, TimeUnit.SECONDS)).isTrue();
            send.println("{\"jsonrpc\":\"2.0\",\"method\":\"notifications/cancelled\",\"params\":{\"requestId\":"
                    + "\"call-2\"}}");

            assertThat(interrupted.await(10, TimeUnit.SECONDS)).as("the agent was interrupted").isTrue();
            assertThat(answer.get(10, TimeUnit.SECONDS)).contains("\"isError\":true", "cancelled")
                    .doesNotContain(McpRuns.RUN_KEY);
            client.close();
            assertThat(server.awaitClosed(Duration.ofSeconds(10))).isTrue();
        }
    }

    @Test
    void anUnknownToolsErrorNamesTheToolOverStdio() throws Exception {
        PipedOutputStream client = new PipedOutputStream();
        PipedInputStream serverIn = new PipedInputStream(client, 64 * 1024);
        PipedOutputStream serverOut = new PipedOutputStream();
        BufferedReader answers = new BufferedReader(new InputStreamReader(new PipedInputStream(serverOut, 64 * 1024),
                StandardCharsets.UTF_8));
        PrintStream send = new PrintStream(client, true, StandardCharsets.UTF_8);
        try (Nexus nexus = Nexus.builder().build();
                McpStdioServer server = McpStdioServer.serve(nexus, JsonMapper.builder().build(), serverIn, serverOut)) {
            send.println("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"initialize\",\"params\":{\"protocolVersion\":"
                    + "\"2025-11-25\",\"capabilities\":{},\"clientInfo\":{\"name\":\"t\",\"version\":\"1\"}}}");
            answerTo(answers, "1");
            send.println("{\"jsonrpc\":\"2.0\",\"method\":\"notifications/initialized\"}");

            send.println("{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"tools/call\",\"params\":{\"name\":\"nosuch\","
                    + "\"arguments\":{}}}");

            assertThat(answerTo(answers, "2")).contains("\"code\":-32602", "\"message\":\"Tool not found: nosuch\"")
                    .doesNotContain("invalid_tool_name");
            client.close();
            assertThat(server.awaitClosed(Duration.ofSeconds(10))).isTrue();
        }
    }

    /** @return the answer line whose id is {@code id} (JSON), skipping notifications */
    private static String answerTo(BufferedReader answers, String id) {
        try {
            for (String line = answers.readLine(); line != null; line = answers.readLine()) {
                if (line.contains("\"id\":" + id)) {
                    return line;
                }
            }
            throw new AssertionError("the server's output ended");
        }
        catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}

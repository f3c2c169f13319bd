package dev.kaizen.nexus.runs;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import dev.kaizen.nexus.Deployments;
import dev.kaizen.nexus.Nexus;
import dev.kaizen.nexus.TestAgents;
import dev.kaizen.nexus.execution.RunLimits;
import dev.kaizen.nexus.mcp.McpClients;
import dev.kaizen.nexus.shell.OneShotCommand;
import dev.kaizen.nexus.shell.ShellChannel;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.spec.McpSchema.CallToolRequest;
import io.modelcontextprotocol.spec.McpSchema.CallToolResult;
import io.modelcontextprotocol.spec.McpSchema.TextContent;

/** A workflow at its limits refuses at once, on every channel, each in its own documented way. */
class OverloadedAcrossChannelsTest {

    @Test
    void aWorkflowAtItsLimitsRefusesOnEveryChannel() throws Exception {
        CountDownLatch running = new CountDownLatch(1);
        CountDownLatch interrupted = new CountDownLatch(1);
        try (Nexus nexus = Nexus.builder().port(0).drainTimeout(Duration.ZERO)
                .runLimits("busy", new RunLimits(1, 0, Duration.ofSeconds(2)))
                .build().start()) {
            Deployments.deployMultiChannel(TestAgents.waitingForCancel("busy", running, interrupted), nexus, "busy");
            HttpClient http = HttpClient.newHttpClient();
            HttpResponse<String> first = http.send(post(nexus, "respond-async"), HttpResponse.BodyHandlers.ofString());
            assertThat(first.statusCode()).isEqualTo(202);
            assertThat(running.await(10, TimeUnit.SECONDS)).as("the one place is taken").isTrue();

            HttpResponse<String> rest = http.send(post(nexus, null), HttpResponse.BodyHandlers.ofString());
            StringWriter err = new StringWriter();
            int shell = OneShotCommand.run(ShellChannel.of(nexus).operations(),
                    List.of("nexus", "run", "busy", "--text", "x"), new PrintWriter(new StringWriter()),
                    new PrintWriter(err));
            McpSyncClient mcp = McpClients.streamable(nexus.baseUri(), tools -> { });
            CallToolResult tool;
            try {
                tool = mcp.callTool(new CallToolRequest("busy", Map.of("text", "x")));
            }
            finally {
                mcp.closeGracefully();
            }

            assertThat(rest.statusCode()).isEqualTo(503);
            assertThat(rest.headers().firstValue("Retry-After")).hasValue("2");
            assertThat(rest.body()).contains("urn:kaizen:problem:overloaded", "at its limit of 1 runs at once");
            assertThat(shell).isEqualTo(75);
            assertThat(err.toString()).contains("at its limit").contains("try again in 2 s");
            assertThat(tool.isError()).isTrue();
            assertThat(((TextContent) tool.content().getFirst()).text()).contains("at its limit", "try again in 2 s");
        }
    }

    private static HttpRequest post(Nexus nexus, String prefer) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(nexus.baseUri()
                + "/api/workflows/busy/execute")).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"inputs\":{\"text\":\"x\"}}"));
        if (prefer != null) {
            request.header("Prefer", prefer);
        }
        return request.build();
    }
}

package dev.kaizen.nexus;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

import dev.kaizen.core.FunctionAgent;
import dev.kaizen.nexus.mcp.McpClients;
import dev.kaizen.nexus.rest.RestClient;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.spec.McpSchema.CallToolRequest;
import io.modelcontextprotocol.spec.McpSchema.CallToolResult;

/**
 * A stopping Nexus drains: new calls are refused with 503 shutting-down, running ones may finish
 * within the drain time, and those still running then answer 503 shutting-down before their
 * connections close; none is left without an answer.
 */
class DrainTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final HttpClient http = HttpClient.newHttpClient();

    @Test
    void runningCallsFinishOrAnswerShuttingDownAndNewOnesAreRefused() throws Exception {
        CountDownLatch bothRunning = new CountDownLatch(2);
        CountDownLatch release = new CountDownLatch(1);
        FunctionAgent finishing = TestAgents.agent("finishing", "finishes when released", in -> {
            bothRunning.countDown();
            try {
                release.await();
            }
            catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return Map.of("answer", "done");
        });
        FunctionAgent stuck = TestAgents.agent("stuck", "never finishes by itself", in -> {
            bothRunning.countDown();
            try {
                new CountDownLatch(1).await();
            }
            catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return Map.of("answer", "too late");
        });
        Nexus nexus = Nexus.builder().port(0).drainTimeout(Duration.ofSeconds(3)).build().start();
        Deployments.deployMultiChannel(TestAgents.echo("echo", ""), nexus, "echo");
        Deployments.deployMultiChannel(finishing, nexus, "finishing");
        Deployments.deployMultiChannel(stuck, nexus, "stuck");
        RestClient rest = new RestClient(nexus.baseUri());
        McpSyncClient mcp = McpClients.streamable(nexus.baseUri());

        CompletableFuture<HttpResponse<String>> finishingCall = call(nexus, "finishing");
        CompletableFuture<HttpResponse<String>> stuckCall = call(nexus, "stuck");
        assertThat(bothRunning.await(30, TimeUnit.SECONDS)).isTrue();
        // A thread of its own: the common pool is one thread on two cores, and the MCP client needs it.
        Thread stopping = Thread.ofPlatform().name("stopping").start(nexus::stop);

        // Poll with a quick workflow until the drain has begun: from then on a new call is refused at once.
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        RestClient.Response refused = rest.execute("echo", Map.of("question", "late"));
        while (refused.status() == 200 && System.nanoTime() < deadline) {
            refused = rest.execute("echo", Map.of("question", "late"));
        }
        CallToolResult refusedOnMcp = mcp.callTool(new CallToolRequest("echo", Map.of("question", "late")));
        // A load balancer reading the health check takes the instance out of rotation now.
        RestClient.Response health = rest.get("/health");
        release.countDown();

        assertThat(health.status()).isEqualTo(503);
        assertThat(health.json().path("status").asString()).isEqualTo("draining");
        assertThat(refusedOnMcp.isError()).isTrue();
        assertThat(refused.status()).isEqualTo(503);
        assertThat(refused.json().get("type").asString()).isEqualTo("urn:kaizen:problem:shutting-down");
        assertThat(refused.header("Retry-After")).isEqualTo("1");
        assertThat(finishingCall.get(30, TimeUnit.SECONDS).statusCode()).as("finished within the drain time")
                .isEqualTo(200);
        HttpResponse<String> cancelled = stuckCall.get(30, TimeUnit.SECONDS);
        assertThat(cancelled.statusCode()).as("answered, not cut off").isEqualTo(503);
        assertThat(JSON.readTree(cancelled.body()).get("type").asString())
                .isEqualTo("urn:kaizen:problem:shutting-down");
        // Within the drain time plus a moment, although the MCP client still holds its GET stream:
        // the MCP sessions close before the web server's graceful shutdown, which would wait 30 s.
        assertThat(stopping.join(Duration.ofSeconds(20))).as("stopped").isTrue();
        mcp.closeGracefully();
        nexus.close();
    }

    @Test
    void aDrainingNexusRefusesNewCallsOnEveryChannel() {
        Nexus nexus = Nexus.builder().port(0).build().start();
        Deployments.deployMultiChannel(TestAgents.echo("echo", ""), nexus, "echo");
        McpSyncClient mcp = McpClients.streamable(nexus.baseUri());
        try {
            assertThat(nexus.drain()).as("nothing was running").isZero();

            CallToolResult onMcp = mcp.callTool(new CallToolRequest("echo", Map.of("question", "q")));
            RestClient.Response onRest = new RestClient(nexus.baseUri()).execute("echo", Map.of("question", "q"));

            assertThat(onMcp.isError()).isTrue();
            assertThat(onMcp.content().toString()).contains("the server is shutting down; another instance");
            assertThat(onRest.status()).isEqualTo(503);
            assertThat(nexus.health().status()).isEqualTo(dev.kaizen.nexus.NexusHealth.Status.DRAINING);
            assertThat(new RestClient(nexus.baseUri()).get("/health").status()).isEqualTo(503);
        }
        finally {
            mcp.closeGracefully();
            nexus.close();
        }
    }

    private CompletableFuture<HttpResponse<String>> call(Nexus nexus, String name) {
        return http.sendAsync(HttpRequest.newBuilder(nexus.baseUri().resolve("/api/workflows/" + name + "/execute"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"inputs\":{\"question\":\"q\"}}")).build(),
                HttpResponse.BodyHandlers.ofString());
    }
}

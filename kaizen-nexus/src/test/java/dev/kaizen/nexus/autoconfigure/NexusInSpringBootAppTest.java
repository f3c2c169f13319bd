package dev.kaizen.nexus.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.core.env.Environment;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

import dev.kaizen.nexus.shell.ShellChannel;
import dev.kaizen.nexus.Deployments;
import dev.kaizen.nexus.Nexus;
import dev.kaizen.nexus.NexusHealth;
import dev.kaizen.nexus.TestAgents;
import dev.kaizen.nexus.mcp.McpClients;
import dev.kaizen.nexus.rest.RestClient;
import dev.kaizen.nexus.shell.OneShotCommand;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.spec.McpSchema.CallToolRequest;
import tools.jackson.databind.JsonNode;

/** A Spring Boot application with its own controller and a Nexus in one context, on one port. */
@SpringBootTest(classes = NexusInSpringBootAppTest.App.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = { "management.endpoints.web.exposure.include=health,prometheus",
                "management.endpoint.health.show-details=always" })
class NexusInSpringBootAppTest {

    @SpringBootApplication
    static class App {

        @RestController
        static class Greeting {

            @GetMapping("/api/hello")
            Map<String, String> hello() {
                return Map.of("hello", "world");
            }
        }
    }

    @Autowired
    Nexus nexus;

    @Autowired
    Environment environment;

    @LocalServerPort
    int port;

    @AfterEach
    void undeploy() {
        Deployments.undeploy(nexus, "qa");
    }

    private RestClient client() {
        return new RestClient(URI.create("http://127.0.0.1:" + port));
    }

    @Test
    void theNexusIsServedByTheApplicationsOwnServer() {
        assertThat(nexus.isRunning()).isTrue();
        assertThat(nexus.port()).isEqualTo(port);
        Deployments.deployMultiChannel(TestAgents.echo("echo", "app "), nexus, "qa");

        RestClient.Response workflow = client().execute("qa", Map.of("question", "q"));
        RestClient.Response own = client().get("/api/hello");

        assertThat(workflow.json().get("outputs").get("answer").asString()).isEqualTo("app q x1");
        assertThat(own.json().get("hello").asString()).isEqualTo("world");
        assertThat(nexus.health().status()).isEqualTo(NexusHealth.Status.RUNNING);
    }

    @Test
    void actuatorHealthIncludesTheNexus() {
        Deployments.deployAsApi(TestAgents.echo("echo", ""), nexus, "qa");

        JsonNode health = client().get("/actuator/health").json();

        assertThat(health.get("status").asString()).isEqualTo("UP");
        JsonNode component = health.get("components").get("nexus");
        assertThat(component.get("status").asString()).isEqualTo("UP");
        assertThat(component.get("details").get("workflows").asInt()).as("open to all: the count, no names")
                .isEqualTo(1);
    }

    @Test
    void callsOnEveryChannelAreTimedInTheSummaryAndInThePrometheusScrape() {
        Deployments.deployMultiChannel(TestAgents.echo("echo", ""), nexus, "qa");
        client().execute("qa", Map.of("question", "q"));
        McpSyncClient mcp = McpClients.streamable(URI.create("http://127.0.0.1:" + port));
        try {
            mcp.callTool(new CallToolRequest("qa", Map.of("question", "q")));
        }
        finally {
            mcp.closeGracefully();
        }
        OneShotCommand.run(ShellChannel.of(nexus).operations(), List.of("nexus", "run", "qa", "--question", "q"),
                new PrintWriter(new StringWriter()), new PrintWriter(new StringWriter()));

        JsonNode operations = client().get("/api/metrics").json().get("operations");
        String scrape = client().get("/actuator/prometheus").raw().body();

        assertThat(operations.propertyNames()).contains("deployment", "api", "api_overhead", "mcp", "mcp_overhead",
                "cli", "cli_overhead");
        assertThat(operations.get("api").get("count").asLong()).isPositive();
        assertThat(operations.get("api").get("p95Ms").asDouble()).isPositive();
        for (String channel : List.of("api", "mcp", "cli")) {
            assertThat(scrape).containsPattern("kaizen_" + channel
                    + "_seconds_count\\{[^}]*channel=\"" + channel + "\"[^}]*workflow=\"qa\"[^}]*} [1-9]");
        }
        assertThat(scrape).contains("kaizen_deployment_seconds_count{");
    }

    @Test
    void theReportJudgesTheTimingsAgainstTheTargets() {
        Deployments.deployAsApi(TestAgents.echo("echo", ""), nexus, "qa");
        client().execute("qa", Map.of("question", "q"));

        JsonNode report = client().get("/api/performance/report").json();

        assertThat(report.get("score").asInt()).isBetween(0, 100);
        assertThat(report.get("targets").toString()).contains("\"operation\":\"api_overhead\"");
    }

    @Test
    void virtualThreadsAndLoopbackAreTheDefaults() {
        assertThat(environment.getProperty("spring.threads.virtual.enabled")).isEqualTo("true");
        assertThat(environment.getProperty("server.address")).isEqualTo("127.0.0.1");
        assertThat(nexus.host()).isEqualTo("127.0.0.1");
    }
}

package dev.kaizen.nexus.withoutlibraries;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.kaizen.nexus.ChannelEndpoints;
import dev.kaizen.nexus.Deployments;
import dev.kaizen.nexus.Nexus;
import dev.kaizen.nexus.TestAgents;
import dev.kaizen.nexus.channel.ChannelId;
import dev.kaizen.nexus.mcp.McpClients;
import dev.kaizen.nexus.rest.RestClient;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.spec.McpSchema.CallToolRequest;

/**
 * An application without Spring Shell and JLine: REST and MCP serve, the shell is simply absent.
 * Run by the {@code without-shell} Surefire execution, whose class path has neither library.
 */
class WithoutShellTest {

    @Test
    void restAndMcpServeWithoutSpringShellOrJline() {
        assertThatThrownBy(() -> Class.forName("org.springframework.shell.core.command.CommandRegistry"))
                .as("this test runs without Spring Shell").isInstanceOf(ClassNotFoundException.class);
        assertThatThrownBy(() -> Class.forName("org.jline.reader.LineReader"))
                .as("this test runs without JLine").isInstanceOf(ClassNotFoundException.class);

        try (Nexus nexus = Nexus.builder().port(0).build().start()) {
            ChannelEndpoints endpoints = Deployments.deployMultiChannel(TestAgents.echo("echo", ""), nexus, "echo");
            RestClient rest = new RestClient(nexus.baseUri());
            McpSyncClient mcp = McpClients.streamable(nexus.baseUri());
            try {
                assertThat(nexus.channelIds()).containsExactly(ChannelId.API, ChannelId.MCP);
                assertThat(endpoints.addresses()).containsOnlyKeys(ChannelId.API, ChannelId.MCP);
                assertThat(rest.execute("echo", Map.of("question", "hi")).status()).isEqualTo(200);
                assertThat(mcp.callTool(new CallToolRequest("echo", Map.of("question", "hi"))).structuredContent())
                        .isEqualTo(Map.of("answer", "hi x1"));
            }
            finally {
                mcp.closeGracefully();
            }
        }
    }
}

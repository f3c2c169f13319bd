package dev.kaizen.nexus.withoutlibraries;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.kaizen.nexus.ChannelEndpoints;
import dev.kaizen.nexus.Deployments;
import dev.kaizen.nexus.Nexus;
import dev.kaizen.nexus.TestAgents;
import dev.kaizen.nexus.channel.ChannelId;
import dev.kaizen.nexus.rest.RestClient;
import dev.kaizen.nexus.shell.OneShotCommand;
import dev.kaizen.nexus.shell.ShellChannel;

/**
 * An application without the MCP Java SDK: REST and the shell serve, MCP is simply absent. Run by
 * the {@code without-mcp} Surefire execution, whose class path has no MCP SDK at all.
 */
class WithoutMcpTest {

    @Test
    void restAndTheShellServeWithoutTheMcpSdk() {
        assertThatThrownBy(() -> Class.forName("io.modelcontextprotocol.server.McpSyncServer"))
                .as("this test runs without the MCP SDK").isInstanceOf(ClassNotFoundException.class);

        try (Nexus nexus = Nexus.builder().port(0).build().start()) {
            ChannelEndpoints endpoints = Deployments.deployMultiChannel(TestAgents.echo("echo", ""), nexus, "echo");
            RestClient rest = new RestClient(nexus.baseUri());
            StringWriter out = new StringWriter();
            int code = OneShotCommand.run(ShellChannel.of(nexus).operations(),
                    List.of("nexus", "run", "echo", "--question", "hi"), new PrintWriter(out),
                    new PrintWriter(new StringWriter()));

            assertThat(nexus.channelIds()).containsExactly(ChannelId.API, ChannelId.CLI);
            assertThat(endpoints.addresses()).containsOnlyKeys(ChannelId.API, ChannelId.CLI);
            assertThat(rest.execute("echo", Map.of("question", "hi")).json().get("outputs").get("answer").asString())
                    .isEqualTo("hi x1");
            assertThat(code).isZero();
            assertThat(out.toString().strip()).isEqualTo("{\"answer\":\"hi x1\"}");
            assertThat(rest.post("/mcp", Map.of()).status()).as("no MCP endpoint").isEqualTo(404);
        }
    }
}

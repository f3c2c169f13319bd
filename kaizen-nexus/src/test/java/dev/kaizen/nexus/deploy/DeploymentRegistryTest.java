package dev.kaizen.nexus.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;

import dev.kaizen.nexus.Concurrently;

import dev.kaizen.core.FunctionAgent;
import dev.kaizen.nexus.ChannelEndpoints;
import dev.kaizen.nexus.channel.ChannelId;
import dev.kaizen.nexus.DeployOptions;
import dev.kaizen.nexus.TestAgents;

class DeploymentRegistryTest {

    /** A recording channel that fails on demand for one name. */
    static final class FlakyChannel extends RecordingChannel {

        volatile String failFor;

        FlakyChannel(ChannelId type) {
            super(type);
        }

        @Override
        public void expose(Deployment deployment) {
            if (deployment.name().equals(failFor)) {
                throw new IllegalStateException(id() + " transport is down");
            }
            super.expose(deployment);
        }
    }

    private final FlakyChannel api = new FlakyChannel(ChannelId.API);

    private final FlakyChannel cli = new FlakyChannel(ChannelId.CLI);

    private final FlakyChannel mcp = new FlakyChannel(ChannelId.MCP);

    private final DeploymentRegistry registry = new DeploymentRegistry(List.of(api, cli, mcp),
            new DeploymentCache(100, Runnable::run), "/api/workflows", new dev.kaizen.nexus.metrics.PerformanceMetrics());

    private Deployment deployAll(String name, FunctionAgent agent) {
        return registry.deploy(name, agent, Set.of(ChannelId.API, ChannelId.CLI, ChannelId.MCP), DeployOptions.defaults());
    }

    @Test
    void deployingOnAllChannelsGivesTheRealAddresses() {
        Deployment deployment = deployAll("assistant", TestAgents.echo("echo", ""));

        assertThat(deployment.endpoints()).isEqualTo(
                new ChannelEndpoints(Map.of(ChannelId.API, "/api/workflows/assistant/execute", ChannelId.CLI,
                        "nexus run assistant", ChannelId.MCP, "assistant")));
        assertThat(api.served).containsKey("assistant");
        assertThat(cli.served).containsKey("assistant");
        assertThat(mcp.served).containsKey("assistant");
        assertThat(registry.find("assistant")).contains(deployment);
    }

    @Test
    void aCustomRestPrefixShowsInTheEndpoint() {
        Deployment deployment = registry.deploy("qa", TestAgents.echo("echo", ""), Set.of(ChannelId.API),
                DeployOptions.builder().restPathPrefix("/v2/agents").build());

        assertThat(deployment.endpoints().api()).isEqualTo("/v2/agents/qa/execute");
        assertThat(deployment.endpoints().cli()).isNull();
    }

    @Test
    void redeployingOnOneChannelKeepsTheOthersAndSwapsTheWorkflowEverywhere() {
        deployAll("qa", TestAgents.echo("echo", "v1:"));

        Deployment next = registry.deploy("qa", TestAgents.echo("echo", "v2:"), Set.of(ChannelId.API),
                DeployOptions.defaults());

        assertThat(next.channels()).containsExactlyInAnyOrder(ChannelId.API, ChannelId.CLI, ChannelId.MCP);
        assertThat(mcp.served.get("qa")).isSameAs(next);
        assertThat(cli.served.get("qa").workflow().description()).isEqualTo("Echoes with v2:");
    }

    @Test
    void aFailingChannelRollsBackTheOthersAndKeepsThePreviousDeployment() {
        Deployment previous = deployAll("qa", TestAgents.echo("echo", "v1:"));
        mcp.failFor = "qa";

        assertThatThrownBy(() -> deployAll("qa", TestAgents.echo("echo", "v2:")))
                .isInstanceOf(DeploymentException.class)
                .hasMessage("deploying 'qa' on mcp failed, nothing was changed: mcp transport is down")
                .satisfies(e -> assertThat(((DeploymentException) e).channel()).isEqualTo(ChannelId.MCP));

        assertThat(registry.find("qa")).contains(previous);
        assertThat(api.served.get("qa")).isSameAs(previous);
        assertThat(cli.served.get("qa")).isSameAs(previous);
    }

    @Test
    void aFailingChannelOnANewNameLeavesNoTrace() {
        cli.failFor = "fresh";

        assertThatThrownBy(() -> deployAll("fresh", TestAgents.echo("echo", "")))
                .isInstanceOf(DeploymentException.class);

        assertThat(registry.find("fresh")).isEmpty();
        assertThat(api.served).doesNotContainKey("fresh");
        assertThat(mcp.served).doesNotContainKey("fresh");
    }

    @Test
    void undeployWithdrawsFromEveryChannel() {
        deployAll("qa", TestAgents.echo("echo", ""));

        assertThat(registry.undeploy("qa")).isTrue();
        assertThat(registry.undeploy("qa")).isFalse();
        assertThat(registry.find("qa")).isEmpty();
        assertThat(api.served).isEmpty();
        assertThat(cli.served).isEmpty();
        assertThat(mcp.served).isEmpty();
    }

    @Test
    void invalidNamesAreRejectedBeforeAnythingIsRegistered() {
        for (String bad : List.of("", "1st", "-x", "has space", "slash/name", "dot.name", "é", "a".repeat(65))) {
            assertThatThrownBy(() -> deployAll(bad, TestAgents.echo("echo", "")))
                    .as("name '%s'", bad)
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("deployment name '" + bad + "' is invalid");
        }
        assertThat(registry.size()).isZero();
        assertThat(api.served).isEmpty();
        assertThat(DeploymentNames.isValid("a" + "b".repeat(63))).isTrue();
        assertThat(DeploymentNames.isValid("Qa_bot-2")).isTrue();
    }

    @Test
    void nullArgumentsAreNamed() {
        assertThatThrownBy(() -> registry.deploy(null, TestAgents.echo("e", ""), Set.of(ChannelId.API),
                DeployOptions.defaults())).isInstanceOf(NullPointerException.class).hasMessage("name must not be null");
        assertThatThrownBy(() -> registry.deploy("qa", null, Set.of(ChannelId.API), DeployOptions.defaults()))
                .isInstanceOf(NullPointerException.class).hasMessage("agent must not be null");
        assertThatThrownBy(() -> registry.deploy("qa", TestAgents.echo("e", ""), Set.of(), DeployOptions.defaults()))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("deploy 'qa' on at least one channel");
    }

    @Test
    void sixtyFourThreadsDeployingAndUndeployingDifferentNamesLoseNothing() throws Exception {
        int threads = 64;
        int rounds = 50;
        Concurrently.run(threads, thread -> {
            for (int round = 0; round < rounds; round++) {
                String name = "w" + thread + "-" + round;
                deployAll(name, TestAgents.echo("echo" + (round % 3), ""));
                if (round % 2 == 1) {
                    registry.undeploy(name);
                }
            }
        });

        int expected = threads * rounds / 2;
        assertThat(registry.size()).isEqualTo(expected);
        assertThat(api.served).hasSize(expected);
        assertThat(cli.served).hasSize(expected);
        assertThat(mcp.served).hasSize(expected);
        assertThat(registry.list()).allSatisfy(d -> assertThat(Integer.parseInt(d.name().split("-")[1]) % 2).isZero());
    }
}

package dev.kaizen.nexus;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.kaizen.nexus.rest.RestChannel;
import dev.kaizen.nexus.mcp.McpChannel;
import dev.kaizen.nexus.shell.ShellChannel;
import dev.kaizen.nexus.channel.ChannelId;
import dev.kaizen.nexus.deploy.DeploymentCacheStats;

/** The static entry points, on the Nexus's own cache (a Nexus that is never started needs no server). */
class DeploymentsTest {

    private final Nexus nexus = Nexus.builder().build();

    @BeforeEach
    void clearCache() {
        Deployments.clearDeploymentCache(nexus);
    }

    @Test
    void deployMultiChannelReturnsTheAddressesOfAllThreeChannels() {
        ChannelEndpoints endpoints = Deployments.deployMultiChannel(TestAgents.echo("echo", ""), nexus, "assistant");

        assertThat(endpoints).isEqualTo(
                new ChannelEndpoints(Map.of(ChannelId.API, "/api/workflows/assistant/execute", ChannelId.CLI,
                        "nexus run assistant", ChannelId.MCP, "assistant")));
        assertThat(ShellChannel.of(nexus).lookup("assistant")).isNotNull();
        assertThat(McpChannel.of(nexus).lookup("assistant")).isNotNull();
        assertThat(nexus.channel(RestChannel.class).orElseThrow().lookup("assistant")).isNotNull();
    }

    @Test
    void singleChannelDeploysReturnTheirOwnAddress() {
        assertThat(Deployments.deployAsApi(TestAgents.echo("echo", ""), nexus, "a")).isEqualTo("/api/workflows/a/execute");
        assertThat(Deployments.deployAsCli(TestAgents.echo("echo", ""), nexus, "c")).isEqualTo("nexus run c");
        assertThat(Deployments.deployAsMcp(TestAgents.echo("echo", ""), nexus, "m")).isEqualTo("m");
        assertThat(ShellChannel.of(nexus).lookup("c")).isNotNull();
        assertThat(ShellChannel.of(nexus).lookup("a")).isNull();
        assertThat(McpChannel.of(nexus).lookup("m")).isNotNull();
        assertThat(McpChannel.of(nexus).lookup("c")).isNull();
    }

    @Test
    void theCacheIsUsedByDefaultAndSkippedWhenAsked() {
        Deployments.deployMultiChannel(TestAgents.echo("echo", ""), nexus, "one");
        Deployments.deployMultiChannel(TestAgents.echo("echo", ""), nexus, "one");
        Deployments.deployAsApi(TestAgents.echo("echo", ""), nexus, "two", false);
        Deployments.deployAsCli(TestAgents.echo("echo", ""), nexus, "two", false);
        Deployments.deployAsMcp(TestAgents.echo("echo", ""), nexus, "two", false);
        Deployments.deployMultiChannel(TestAgents.echo("echo", ""), nexus, "two", false);

        assertThat(Deployments.deploymentCacheStats(nexus)).isEqualTo(new DeploymentCacheStats(1, 1, 1, 0));
        assertThat(nexus.registry().find("one").orElseThrow().fromCache()).isTrue();
        assertThat(nexus.registry().find("two").orElseThrow().fromCache()).isFalse();
    }

    @Test
    void clearDeploymentCacheEmptiesItAndRestartsCounters() {
        Deployments.deployMultiChannel(TestAgents.echo("echo", ""), nexus, "one");

        Deployments.clearDeploymentCache(nexus);

        assertThat(Deployments.deploymentCacheStats(nexus)).isEqualTo(new DeploymentCacheStats(0, 0, 0, 0));
    }

    @Test
    void undeployRemovesTheNameEverywhere() {
        Deployments.deployMultiChannel(TestAgents.echo("echo", ""), nexus, "gone");

        assertThat(Deployments.undeploy(nexus, "gone")).isTrue();
        assertThat(Deployments.undeploy(nexus, "gone")).isFalse();
        assertThat(ShellChannel.of(nexus).lookup("gone")).isNull();
        assertThat(McpChannel.of(nexus).lookup("gone")).isNull();
        assertThat(nexus.channel(RestChannel.class).orElseThrow().lookup("gone")).isNull();
    }

    @Test
    void nullArgumentsAreNamed() {
        assertThatThrownBy(() -> Deployments.deployMultiChannel(null, nexus, "x"))
                .isInstanceOf(NullPointerException.class).hasMessage("agent must not be null");
        assertThatThrownBy(() -> Deployments.deployAsApi(TestAgents.echo("e", ""), null, "x"))
                .isInstanceOf(NullPointerException.class).hasMessage("nexus must not be null");
        assertThatThrownBy(() -> Deployments.deployAsMcp(TestAgents.echo("e", ""), nexus, null))
                .isInstanceOf(NullPointerException.class).hasMessage("name must not be null");
        assertThatThrownBy(() -> Deployments.undeploy(null, "x")).hasMessage("nexus must not be null");
    }

    @Test
    void anInvalidNameIsRejectedAndNothingIsRegistered() {
        assertThatThrownBy(() -> Deployments.deployMultiChannel(TestAgents.echo("e", ""), nexus, "bad name"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("deployment name 'bad name' is invalid: use 1 to 64 letters, digits, '_' or '-', "
                        + "starting with a letter");
        assertThat(nexus.registry().size()).isZero();
        assertThat(Deployments.deploymentCacheStats(nexus).misses()).isZero();
    }
}

package com.example.pager;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import dev.kaizen.core.FieldType;
import dev.kaizen.core.FunctionAgent;
import dev.kaizen.core.Signature;
import dev.kaizen.nexus.ChannelEndpoints;
import dev.kaizen.nexus.Deployments;
import dev.kaizen.nexus.Nexus;
import dev.kaizen.nexus.channel.Caller;
import dev.kaizen.nexus.TestAgents;
import dev.kaizen.nexus.channel.Channel;
import dev.kaizen.nexus.channel.ChannelId;
import dev.kaizen.nexus.deploy.Deployment;
import dev.kaizen.nexus.deploy.DeploymentException;
import dev.kaizen.nexus.rest.RestClient;

/**
 * The channel SPI from outside Kaizen's packages: a fourth channel, written here with no edit to
 * {@code dev.kaizen.nexus}, is deployed beside REST, the shell and MCP, listed with its address,
 * timed, judged in the SLA report, and rolled back when another channel fails.
 */
class PagerChannelTest {

    private final List<Nexus> started = new ArrayList<>();

    @AfterEach
    void stop() {
        started.forEach(Nexus::close);
    }

    private Nexus start(Channel... extra) {
        Nexus.Builder builder = Nexus.builder().port(0);
        for (Channel channel : extra) {
            builder.channel(channel);
        }
        Nexus nexus = builder.build().start();
        started.add(nexus);
        return nexus;
    }

    @Test
    void aChannelOfOnesOwnIsDeployedListedTimedAndReported() {
        PagerChannel pager = new PagerChannel();
        Nexus nexus = start(pager);
        RestClient rest = new RestClient(nexus.baseUri());

        ChannelEndpoints endpoints = Deployments.deployMultiChannel(TestAgents.echo("echo", "paged: "), nexus, "echo");

        assertThat(nexus.channelIds()).containsExactly(ChannelId.API, ChannelId.CLI, ChannelId.MCP, PagerChannel.ID);
        assertThat(endpoints.of(PagerChannel.ID)).isEqualTo("pager://echo");
        assertThat(endpoints.api()).isEqualTo("/api/workflows/echo/execute");
        assertThat(pager.page("echo", Map.of("question", "hi"), null)).isEqualTo("OK {answer=paged: hi x1}");

        JsonNode listed = rest.get("/api/workflows").json().get("workflows").get(0);
        assertThat(listed.get("channels").toString()).isEqualTo("[\"api\",\"cli\",\"mcp\",\"pager\"]");
        assertThat(listed.get("endpoints").get("pager").asString()).isEqualTo("pager://echo");

        JsonNode metrics = rest.get("/api/metrics").json().get("operations");
        assertThat(metrics.get("pager").get("count").asInt()).isOne();
        assertThat(metrics.get("pager_overhead").get("count").asInt()).isOne();

        JsonNode report = rest.get("/api/performance/report").json();
        assertThat(report.get("targets").findValuesAsString("operation")).contains("pager_overhead");
    }

    @Test
    void failuresReachTheChannelClassifiedOnce() {
        PagerChannel pager = new PagerChannel();
        Nexus nexus = start(pager);
        FunctionAgent notes = FunctionAgent.builder().name("notes")
                .signature(Signature.builder().requiresSession().output("n", FieldType.INTEGER, "count").build())
                .function(inputs -> Map.of("n", 1)).build();
        Deployments.deployAs(notes, nexus, "notes", PagerChannel.ID);
        Deployments.deployAs(TestAgents.echo("echo", ""), nexus, "echo", PagerChannel.ID);

        assertThat(pager.page("notes", Map.of(), null)).startsWith("ERROR session-required: sessionId: required");
        assertThat(pager.page("notes", Map.of(), "../etc")).startsWith("ERROR invalid-session-id: sessionId: must be");
        assertThat(pager.page("notes", Map.of(), "gone")).startsWith("ERROR session-not-found: ");
        assertThat(pager.page("echo", Map.of(), null)).isEqualTo("ERROR invalid-inputs: invalid inputs: question: required");
        assertThat(nexus.registry().find("echo").orElseThrow().channels()).containsExactly(PagerChannel.ID);
    }

    @Test
    void aFailingChannelRollsThePagerBack() {
        PagerChannel pager = new PagerChannel();
        Channel broken = new Channel() {

            @Override
            public ChannelId id() {
                return ChannelId.of("broken");
            }

            @Override
            public String address(Deployment deployment) {
                return "nowhere";
            }

            @Override
            public void expose(Deployment deployment) {
                throw new IllegalStateException("transport is down");
            }

            @Override
            public void withdraw(String name) {
            }
        };
        Nexus nexus = start(pager, broken);

        assertThatThrownBy(() -> Deployments.deployMultiChannel(TestAgents.echo("echo", ""), nexus, "echo"))
                .isInstanceOf(DeploymentException.class)
                .hasMessage("deploying 'echo' on broken failed, nothing was changed: transport is down");

        assertThat(pager.page("echo", Map.of("question", "hi"), null)).startsWith("ERROR not-found");
        assertThat(nexus.admin().workflows(Caller.local())).isEmpty();
        assertThat(new RestClient(nexus.baseUri()).get("/api/workflows/echo").status()).isEqualTo(404);
    }

    @Test
    void aChannelCanBeLeftOutAndAnUnknownOneIsRefused() {
        Nexus nexus = Nexus.builder().withoutChannel(ChannelId.CLI).channel(new PagerChannel()).build();

        assertThat(nexus.channelIds()).containsExactly(ChannelId.API, ChannelId.MCP, PagerChannel.ID);
        assertThatThrownBy(() -> Deployments.deployAsCli(TestAgents.echo("echo", ""), nexus, "echo"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("no channel 'cli' on this Nexus; it has [api, mcp, pager]");
        assertThat(Deployments.deployMultiChannel(TestAgents.echo("echo", ""), nexus, "echo").addresses())
                .containsOnlyKeys(ChannelId.API, ChannelId.MCP, PagerChannel.ID);
    }
}

package dev.kaizen.nexus.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.servlet.function.RouterFunction;

import org.springframework.boot.web.servlet.ServletRegistrationBean;

import dev.kaizen.nexus.Deployments;
import dev.kaizen.nexus.Nexus;
import dev.kaizen.nexus.TestAgents;
import dev.kaizen.nexus.channel.Channel;
import dev.kaizen.nexus.channel.ChannelId;
import dev.kaizen.nexus.deploy.RecordingChannel;
import tools.jackson.databind.json.JsonMapper;
import dev.kaizen.nexus.mcp.McpHttpEndpoint;

class NexusAutoConfigurationTest {

    private final WebApplicationContextRunner runner = new WebApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(NexusAutoConfiguration.class));

    @Test
    void createsANexusAndItsRoutes() {
        runner.run(context -> {
            assertThat(context).hasSingleBean(Nexus.class).hasBean("kaizenNexusRoutes");
            assertThat(context.getBean("kaizenNexusRoutes")).isInstanceOf(RouterFunction.class);
            assertThat(context.getBean(Nexus.class).restConfig().pathPrefix()).isEqualTo("/api/workflows");
        });
    }

    @Test
    void anyChannelBeanJoinsTheBuiltInChannels() {
        runner.withBean("pager", Channel.class, () -> new RecordingChannel(ChannelId.of("pager"))).run(context -> {
            Nexus nexus = context.getBean(Nexus.class);
            assertThat(nexus.channelIds()).containsExactly(ChannelId.API, ChannelId.CLI, ChannelId.MCP,
                    ChannelId.of("pager"));
            assertThat(Deployments.deployMultiChannel(TestAgents.echo("echo", ""), nexus, "echo")
                    .of(ChannelId.of("pager"))).isEqualTo("pager:echo");
        });
    }

    @Test
    void theNexusUsesTheApplicationsJsonMapper() {
        JsonMapper applications = JsonMapper.builder().build();
        runner.withBean(JsonMapper.class, () -> applications)
                .run(context -> assertThat(context.getBean(Nexus.class).json()).isSameAs(applications));
    }

    @Test
    void eachNexusHasADeploymentCacheOfItsOwn() {
        runner.run(first -> runner.run(second -> assertThat(first.getBean(Nexus.class).deploymentCache())
                .isNotSameAs(second.getBean(Nexus.class).deploymentCache())));
    }

    @Test
    void isTurnedOffByProperty() {
        runner.withPropertyValues("kaizen.nexus.enabled=false")
                .run(context -> assertThat(context).doesNotHaveBean(Nexus.class).doesNotHaveBean("kaizenNexusRoutes"));
    }

    @Test
    void bindsRestAndCacheProperties() {
        runner.withPropertyValues("kaizen.nexus.rest.path-prefix=/agents", "kaizen.nexus.rest.max-request-size=2KB",
                "kaizen.nexus.deployment-cache.maximum-size=42").run(context -> {
                    Nexus nexus = context.getBean(Nexus.class);
                    assertThat(nexus.restConfig().pathPrefix()).isEqualTo("/agents");
                    assertThat(nexus.restConfig().maxRequestBytes()).isEqualTo(2048);
                    assertThat(nexus.deploymentCache().maximumSize()).isEqualTo(42);
                });
    }

    @Test
    void aBadPropertyFailsStartupNamingIt() {
        runner.withPropertyValues("kaizen.nexus.rest.path-prefix=api/").run(context -> {
            assertThat(context).hasFailed();
            assertThat(context.getStartupFailure()).rootCause().hasMessageContaining("REST path prefix 'api/' is invalid");
        });
    }

    @Test
    void theApplicationsOwnNexusWins() {
        runner.withUserConfiguration(OwnNexus.class).run(context -> {
            assertThat(context).hasSingleBean(Nexus.class);
            assertThat(context.getBean(Nexus.class)).isSameAs(OwnNexus.NEXUS);
        });
    }

    @Test
    void aNonWebApplicationGetsANexusButNoRoutesAndNoMcpServlet() {
        new org.springframework.boot.test.context.runner.ApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(NexusAutoConfiguration.class))
                .run(context -> assertThat(context).hasSingleBean(Nexus.class).doesNotHaveBean("kaizenNexusRoutes")
                        .doesNotHaveBean("kaizenMcpServlet").doesNotHaveBean("kaizenMcpStdio"));
    }

    @Test
    void servesMcpOverHttpAtTheConfiguredPath() {
        runner.withPropertyValues("kaizen.nexus.mcp.path=/tools", "kaizen.nexus.security.allowed-hosts=example.com:*")
                .run(context -> {
                    assertThat(context).hasSingleBean(McpHttpEndpoint.class);
                    ServletRegistrationBean<?> servlet = context.getBean("kaizenMcpServlet", ServletRegistrationBean.class);
                    assertThat(servlet.getUrlMappings()).containsExactly("/tools");
                    assertThat(context.getBean(Nexus.class).security().allowedHosts()).containsExactly("example.com:*");
                });
    }

    @Test
    void mcpOverHttpIsTurnedOffByProperty() {
        runner.withPropertyValues("kaizen.nexus.mcp.enabled=false").run(context -> assertThat(context)
                .hasSingleBean(Nexus.class).doesNotHaveBean(McpHttpEndpoint.class).doesNotHaveBean("kaizenMcpServlet"));
    }

    @Configuration(proxyBeanMethods = false)
    static class OwnNexus {

        static final Nexus NEXUS = Nexus.hostedBuilder().build();

        @Bean
        Nexus myNexus() {
            return NEXUS;
        }
    }
}

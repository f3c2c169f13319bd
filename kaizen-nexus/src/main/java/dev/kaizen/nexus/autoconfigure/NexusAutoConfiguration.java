package dev.kaizen.nexus.autoconfigure;

import java.util.Map;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import org.springframework.web.servlet.function.RouterFunction;
import org.springframework.web.servlet.function.ServerResponse;

import dev.kaizen.nexus.Nexus;
import dev.kaizen.nexus.NexusHealth;
import dev.kaizen.nexus.deploy.DeploymentCache;
import dev.kaizen.nexus.rest.RestConfig;
import dev.kaizen.nexus.rest.RestRouter;
import tools.jackson.databind.json.JsonMapper;

/**
 * Creates a {@link Nexus} served by the application's web server, and its REST routes.
 *
 * <p>Turned off by {@code kaizen.nexus.enabled=false}. A {@code Nexus} bean of the application's
 * own replaces the one made here.
 */
@AutoConfiguration(afterName = "org.springframework.boot.jackson.autoconfigure.JacksonAutoConfiguration")
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
@ConditionalOnProperty(prefix = NexusProperties.CONFIG_PREFIX, name = "enabled", havingValue = "true",
        matchIfMissing = true)
@EnableConfigurationProperties(NexusProperties.class)
public class NexusAutoConfiguration {

    /**
     * @param properties the {@code kaizen.nexus.*} properties
     * @return the Nexus, served by this application
     */
    @Bean
    @ConditionalOnMissingBean
    public Nexus kaizenNexus(NexusProperties properties) {
        DeploymentCache.shared().setMaximumSize(properties.getDeploymentCache().getMaximumSize());
        RestConfig rest = RestConfig.builder()
                .pathPrefix(properties.getRest().getPathPrefix())
                .maxRequestBytes(properties.getRest().getMaxRequestSize().toBytes())
                .build();
        return Nexus.hostedBuilder().rest(rest).build();
    }

    /**
     * @param nexus the Nexus
     * @param jsonMapper the application's JSON mapper, if it has one
     * @return the REST channel's routes
     */
    @Bean
    public RouterFunction<ServerResponse> kaizenNexusRoutes(Nexus nexus, ObjectProvider<JsonMapper> jsonMapper) {
        JsonMapper json = jsonMapper.getIfAvailable(() -> JsonMapper.builder().build());
        return new RestRouter(nexus.registry(), nexus.restChannel(), nexus.restConfig(), json, nexus::health);
    }

    /**
     * @param nexus the Nexus
     * @param environment the application's environment, for the bound address
     * @return the listener that tells the Nexus when the web server starts and stops
     */
    @Bean
    static NexusServerListener kaizenNexusServerListener(Nexus nexus, Environment environment) {
        return new NexusServerListener(nexus, environment);
    }

    /** A {@code nexus} health contributor for Actuator. */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(HealthIndicator.class)
    static class NexusHealthConfiguration {

        @Bean
        @ConditionalOnMissingBean(name = "nexusHealthIndicator")
        HealthIndicator nexusHealthIndicator(Nexus nexus) {
            return () -> {
                NexusHealth health = nexus.health();
                Health.Builder builder = health.status() == NexusHealth.Status.RUNNING ? Health.up() : Health.down();
                return builder.withDetails(Map.of("workflows", health.workflows(), "version", health.version(),
                        "uptimeSeconds", health.uptime().toSeconds())).build();
            };
        }
    }
}

package dev.kaizen.nexus.autoconfigure;

import static dev.kaizen.nexus.autoconfigure.InvalidPropertyException.check;

import java.util.Map;
import java.util.Optional;

import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServlet;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.springframework.beans.factory.ObjectProvider;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.apache.catalina.core.StandardHost;
import org.springframework.boot.tomcat.servlet.TomcatServletWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.boot.web.servlet.ServletRegistrationBean;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import org.springframework.util.unit.DataSize;
import org.springframework.web.servlet.function.RouterFunction;
import org.springframework.web.servlet.function.ServerResponse;

import dev.kaizen.core.AgentConfig;
import dev.kaizen.nexus.ModelEndpoint;
import dev.kaizen.nexus.Nexus;
import dev.kaizen.nexus.security.SecuritySettings;
import dev.kaizen.nexus.NexusHealth;
import dev.kaizen.nexus.channel.Channel;
import dev.kaizen.nexus.deploy.DeploymentCache;
import dev.kaizen.nexus.execution.RunLimits;
import dev.kaizen.nexus.mcp.McpConfig;
import dev.kaizen.nexus.runs.InMemoryRunStore;
import dev.kaizen.nexus.runs.RunStore;
import dev.kaizen.nexus.runs.WebhookSettings;
import dev.kaizen.nexus.mcp.McpHttpEndpoint;
import dev.kaizen.nexus.rest.RestConfig;
import dev.kaizen.nexus.metrics.PerformanceMetrics;
import dev.kaizen.nexus.rest.ProblemErrorReportValve;
import dev.kaizen.nexus.rest.RestChannel;
import dev.kaizen.nexus.rest.RestRouter;
import dev.kaizen.nexus.session.NexusSessionManager;
import dev.kaizen.nexus.session.SessionStore;
import tools.jackson.databind.json.JsonMapper;

/**
 * Creates a {@link Nexus} and serves it: REST routes and MCP over Streamable HTTP on the
 * application's web server, MCP over stdio when asked ({@code --mcp-stdio}).
 *
 * <p>Turned off by {@code kaizen.nexus.enabled=false}. A {@code Nexus} bean of the application's
 * own replaces the one made here. The Nexus has the built-in channels whose libraries are on the
 * class path, plus every {@link Channel} bean of the application; it uses the application's
 * {@link JsonMapper}. The MCP and shell parts of this configuration are only read when their
 * libraries are present.
 */
@AutoConfiguration(afterName = { "org.springframework.boot.jackson.autoconfigure.JacksonAutoConfiguration",
        "org.springframework.boot.micrometer.metrics.autoconfigure.CompositeMeterRegistryAutoConfiguration",
        "org.springframework.boot.micrometer.metrics.autoconfigure.export.prometheus.PrometheusMetricsExportAutoConfiguration" })
@ConditionalOnProperty(prefix = NexusProperties.CONFIG_PREFIX, name = "enabled", havingValue = "true",
        matchIfMissing = true)
@EnableConfigurationProperties({ NexusProperties.class, NexusSecurityProperties.class, ModelProperties.class })
public class NexusAutoConfiguration {

    private static final Logger log = LoggerFactory.getLogger(NexusAutoConfiguration.class);

    /** The MCP Java SDK's server: the MCP parts are configured only when it is present. */
    static final String MCP_LIBRARY = "io.modelcontextprotocol.server.McpSyncServer";

    /**
     * @param properties the {@code kaizen.nexus.*} properties
     * @param security the {@code kaizen.nexus.security.*} properties
     * @param meterRegistry the application's meter registry, if any
     * @param channels the application's own channels
     * @param jsonMapper the application's JSON mapper, if any
     * @param tokenDecoder Spring Boot's bearer-token decoder, when its resource-server properties
     *     configure one
     * @param modelEndpoint the model endpoint, when {@code kaizen.model.base-url} is set
     * @param applicationRedis the application's Spring Data Redis connection, when it has one
     * @param environment for the token issuer named in the protected-resource metadata
     * @return the Nexus, served by this application; closed with it (session store included)
     */
    @Bean
    @ConditionalOnMissingBean
    public Nexus kaizenNexus(NexusProperties properties, NexusSecurityProperties security,
            ObjectProvider<MeterRegistry> meterRegistry, ObjectProvider<Channel> channels,
            ObjectProvider<JsonMapper> jsonMapper, ObjectProvider<JwtDecoder> tokenDecoder,
            ObjectProvider<ModelEndpoint> modelEndpoint, ObjectProvider<ApplicationRedis> applicationRedis,
            Environment environment) {
        NexusProperties.Rest rest = properties.getRest();
        NexusProperties.Mcp mcp = properties.getMcp();
        NexusProperties.Sessions sessions = properties.getSessions();
        String prefix = NexusProperties.CONFIG_PREFIX;
        NexusSessionManager.Builder sessionManager = NexusSessionManager.builder();
        check(prefix + ".sessions.ttl", sessions.getTtl(), () -> sessionManager.sessionTtl(sessions.getTtl()));
        check(prefix + ".sessions.cleanup-interval", sessions.getCleanupInterval(),
                () -> sessionManager.cleanupInterval(sessions.getCleanupInterval()));
        check(prefix + ".sessions.max-state-size", sessions.getMaxStateSize(),
                () -> sessionManager.maxStateBytes(sessions.getMaxStateSize().toBytes()));
        check(prefix + ".sessions.max-sessions", sessions.getMaxSessions(),
                () -> sessionManager.maxSessions(sessions.getMaxSessions()));
        check(prefix + ".sessions.max-sessions-per-principal", sessions.getMaxSessionsPerPrincipal(),
                () -> sessionManager.maxSessionsPerPrincipal(sessions.getMaxSessionsPerPrincipal()));
        check(prefix + ".sessions.max-state-size-per-principal", sessions.getMaxStateSizePerPrincipal(),
                () -> sessionManager.maxStateBytesPerPrincipal(sessions.getMaxStateSizePerPrincipal().toBytes()));
        DataSize maxStoreSize = sessions.getMaxStoreSize();
        if (maxStoreSize != null) {
            check(prefix + ".sessions.max-store-size", maxStoreSize,
                    () -> sessionManager.maxStoreBytes(maxStoreSize.toBytes()));
        }
        String redisUrl = RedisAddress.resolve(sessions.getRedisUrl(), environment);
        if (sessions.getStore() == NexusProperties.Store.REDIS) {
            // The application's own Spring Data Redis connection, unless Kaizen is given a URL of its own.
            SessionStore shared = sessions.getRedisUrl() != null ? null : applicationRedis.stream().findFirst()
                    .map(redis -> redis.sessionStore(RedisAddress.describe(redisUrl), sessions.getRedisPrefix(),
                            sessions.getRedisTimeout()))
                    .orElse(null);
            sessionManager.store(shared != null ? shared : check(prefix + ".sessions.redis-url", redisUrl,
                    () -> RedisSessionStoreFactory.create(redisUrl, sessions.getRedisPrefix(), sessions.getRedisTimeout())));
        }
        MeterRegistry registry = meterRegistry.getIfAvailable(SimpleMeterRegistry::new);
        Nexus.Builder nexus = Nexus.hostedBuilder();
        SecuritySettings settings = InvalidPropertyException.checkUnder(NexusSecurityProperties.PREFIX,
                () -> security.toSettings(tokenDecoder.getIfAvailable(),
                        environment.getProperty("spring.security.oauth2.resourceserver.jwt.issuer-uri")));
        nexus.security(settings);
        if (settings.tokenDecoder().isPresent() && settings.issuer().isEmpty()) {
            log.warn("Bearer tokens are accepted from any issuer the configured key signs for: set "
                    + NexusSecurityProperties.PREFIX + ".token-issuer to the issuer your tokens name ('iss'), and "
                    + "tokens of any other issuer are refused");
        }
        if (security.getAudit() != null) {
            nexus.audit(security.getAudit());
        }
        if (sessions.getStore() == NexusProperties.Store.REDIS && settings.rateLimited()) {
            // Several instances on one Redis share their sessions, and so their callers' allowances.
            nexus.rateLimiter(RedisSessionStoreFactory.rateLimiter(redisUrl, sessions.getRedisPrefix(),
                    sessions.getRedisTimeout()));
        }
        settings.apiKeys().plainTextClients().forEach(client -> log.warn("API key of client '{}' is configured in "
                + "the clear ({{noop}}); configure its SHA-256 ({{sha256}}<hex>) outside development", client));
        channels.orderedStream().forEach(nexus::channel);
        long cacheSize = properties.getDeploymentCache().getMaximumSize();
        nexus.jsonMapper(json(jsonMapper))
                .deploymentCache(check(prefix + ".deployment-cache.maximum-size", cacheSize,
                        () -> new DeploymentCache(cacheSize)))
                .metrics(new PerformanceMetrics(registry))
                .performanceTargets(InvalidPropertyException.checkUnder(prefix + ".performance",
                        () -> properties.getPerformance().targets()))
                .eventLog(properties.getEvents().getPath())
                .sessions(sessionManager.build())
                .createSessionOnUnknown(sessions.isCreateOnUnknown());
        check(prefix + ".drain-timeout", properties.getDrainTimeout(), () -> nexus.drainTimeout(properties.getDrainTimeout()));
        RestConfig.Builder restConfig = RestConfig.builder();
        check(prefix + ".rest.path-prefix", rest.getPathPrefix(), () -> restConfig.pathPrefix(rest.getPathPrefix()));
        check(prefix + ".rest.max-request-size", rest.getMaxRequestSize(),
                () -> restConfig.maxRequestBytes(rest.getMaxRequestSize().toBytes()));
        check(prefix + ".rest.sse-heartbeat", rest.getSseHeartbeat(),
                () -> restConfig.sseHeartbeat(rest.getSseHeartbeat()));
        McpConfig.Builder mcpConfig = McpConfig.builder().enabled(mcp.isEnabled());
        check(prefix + ".mcp.path", mcp.getPath(), () -> mcpConfig.path(mcp.getPath()));
        check(prefix + ".mcp.session-idle-timeout", mcp.getSessionIdleTimeout(),
                () -> mcpConfig.sessionIdleTimeout(mcp.getSessionIdleTimeout()));
        check(prefix + ".mcp.max-sessions", mcp.getMaxSessions(), () -> mcpConfig.maxSessions(mcp.getMaxSessions()));
        check(prefix + ".mcp.heartbeat", mcp.getHeartbeat(), () -> mcpConfig.heartbeat(mcp.getHeartbeat()));
        if (mcp.getMaxSessionsPerPrincipal() != null) {
            int share = mcp.getMaxSessionsPerPrincipal();
            check(prefix + ".mcp.max-sessions-per-principal", share, () -> mcpConfig.maxSessionsPerPrincipal(share));
            check(prefix + ".mcp.max-sessions-per-principal", share, mcpConfig::build);
        }
        NexusProperties.Runs runs = properties.getRuns();
        RunLimits limits = check(prefix + ".runs", runs.getMaxConcurrent(),
                () -> new RunLimits(runs.getMaxConcurrent(), runs.getQueueLength(), RunLimits.defaults().retryAfter()));
        nexus.runLimits(limits);
        runs.getWorkflows().forEach((workflow, own) -> nexus.runLimits(workflow, check(prefix + ".runs.workflows."
                + workflow, own.getMaxConcurrent(), () -> new RunLimits(
                        own.getMaxConcurrent() != null ? own.getMaxConcurrent() : limits.maxConcurrent(),
                        own.getQueueLength() != null ? own.getQueueLength() : limits.queueLength(),
                        limits.retryAfter()))));
        NexusProperties.Store runStore = runs.getStore() != null ? runs.getStore() : sessions.getStore();
        nexus.runStore(runStore == NexusProperties.Store.REDIS
                // Instances on one Redis share their sessions, and so the runs their callers start.
                ? check(prefix + ".runs.store", redisUrl, () -> RedisSessionStoreFactory.runStore(redisUrl,
                        sessions.getRedisPrefix(), sessions.getRedisTimeout(), runs.getRetention(),
                        check(prefix + ".runs.lease-time", runs.getLeaseTime(),
                                () -> RunStore.requireLeaseTime(runs.getLeaseTime(), sessions.getRedisTimeout()))))
                : check(prefix + ".runs.retention", runs.getRetention(),
                        () -> new InMemoryRunStore(runs.getMaxStored(), runs.getRetention())));
        NexusProperties.Runs.Webhooks webhooks = runs.getWebhooks();
        nexus.webhooks(check(prefix + ".runs.webhooks", webhooks.getMaxAttempts(), () -> new WebhookSettings(
                webhooks.getAllowedHosts(), webhooks.getSecret(), webhooks.getMaxAttempts(),
                webhooks.getInitialBackoff())));
        return nexus.rest(restConfig.build()).mcp(mcpConfig.build()).modelEndpoint(modelEndpoint.getIfAvailable())
                .build();
    }

    /**
     * @param model the {@code kaizen.model.*} properties
     * @return the model endpoint that {@code kaizen.model.base-url} names, checked for health
     */
    @Bean
    @ConditionalOnProperty(prefix = ModelProperties.CONFIG_PREFIX, name = "base-url")
    @ConditionalOnMissingBean
    public ModelEndpoint kaizenModelEndpoint(ModelProperties model) {
        return check(ModelProperties.CONFIG_PREFIX + ".base-url", model.getBaseUrl(),
                () -> ModelEndpoint.of(java.util.Objects.requireNonNull(model.getBaseUrl())));
    }

    /**
     * @param model the {@code kaizen.model.*} properties
     * @return the configuration for agents: offline unless a model is configured
     */
    @Bean
    @ConditionalOnMissingBean
    public AgentConfig kaizenAgentConfig(ModelProperties model) {
        return model.toAgentConfig();
    }

    private static JsonMapper json(ObjectProvider<JsonMapper> jsonMapper) {
        return jsonMapper.getIfAvailable(() -> JsonMapper.builder().build());
    }

    /** REST routes, and the web server's start and stop told to the Nexus. */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
    static class WebConfiguration {

        @Bean
        RouterFunction<ServerResponse> kaizenNexusRoutes(Nexus nexus) {
            // A Nexus built without the REST channel claims no path.
            return nexus.channel(RestChannel.class)
                    .<RouterFunction<ServerResponse>>map(rest -> new RestRouter(rest, nexus.restConfig(), nexus.json()))
                    .orElse(request -> Optional.empty());
        }

        @Bean
        static NexusServerListener kaizenNexusServerListener(Nexus nexus, Environment environment) {
            return new NexusServerListener(nexus, environment);
        }

        @Bean
        NexusStartupLog kaizenNexusStartupLog(Nexus nexus) {
            return new NexusStartupLog(nexus);
        }
    }

    /** Tomcat's own refusals (before any handler) as problem+json instead of its HTML pages. */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
    @ConditionalOnClass(name = { "org.apache.catalina.valves.ErrorReportValve",
            "org.springframework.boot.tomcat.servlet.TomcatServletWebServerFactory" })
    static class TomcatProblemConfiguration {

        @Bean
        WebServerFactoryCustomizer<TomcatServletWebServerFactory> kaizenTomcatProblems() {
            return factory -> factory.addContextCustomizers(context -> {
                if (context.getParent() instanceof StandardHost host) {
                    host.setErrorReportValveClass(ProblemErrorReportValve.class.getName());
                }
            });
        }
    }

    /** MCP over Streamable HTTP at {@code kaizen.nexus.mcp.path}, beside the REST routes. */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
    @ConditionalOnClass(name = MCP_LIBRARY)
    @ConditionalOnProperty(prefix = NexusProperties.CONFIG_PREFIX + ".mcp", name = "enabled", havingValue = "true",
            matchIfMissing = true)
    static class McpHttpConfiguration {

        @Bean(destroyMethod = "close")
        McpHttpEndpoint kaizenMcpEndpoint(Nexus nexus) {
            return new McpHttpEndpoint(nexus, nexus.json());
        }

        @Bean
        ShutdownStep kaizenMcpShutdown(McpHttpEndpoint endpoint) {
            return new ShutdownStep(ShutdownStep.MCP_SESSIONS_PHASE, endpoint::close);
        }

        @Bean
        ServletRegistrationBean<HttpServlet> kaizenMcpServlet(McpHttpEndpoint endpoint, Nexus nexus) {
            // The exact path only: a mapping of /* would take every REST route from the dispatcher.
            ServletRegistrationBean<HttpServlet> registration = new ServletRegistrationBean<>(endpoint.servlet(),
                    nexus.mcpConfig().path());
            registration.setName("kaizenMcp");
            registration.setAsyncSupported(true);
            registration.setLoadOnStartup(1);
            return registration;
        }

        @Bean
        FilterRegistrationBean<HttpFilter> kaizenMcpGuard(McpHttpEndpoint endpoint, Nexus nexus) {
            FilterRegistrationBean<HttpFilter> registration = new FilterRegistrationBean<>(endpoint.guard());
            registration.addUrlPatterns(nexus.mcpConfig().path());
            registration.setName("kaizenMcpGuard");
            registration.setAsyncSupported(true);
            return registration;
        }
    }

    /** The application's Spring Data Redis connection, for the Redis session store. */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(name = "org.springframework.data.redis.connection.RedisConnectionFactory")
    static class ApplicationRedisConfiguration {

        @Bean
        ApplicationRedis kaizenApplicationRedis(
                ObjectProvider<org.springframework.data.redis.connection.RedisConnectionFactory> factory) {
            return new ApplicationRedis(factory);
        }
    }

    /** MCP over stdin/stdout, for clients that launch the application as a subprocess. */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(name = MCP_LIBRARY)
    @ConditionalOnProperty(prefix = NexusProperties.CONFIG_PREFIX + ".mcp", name = "stdio", havingValue = "true")
    static class McpStdioConfiguration {

        @Bean
        McpStdioLifecycle kaizenMcpStdio(Nexus nexus, ConfigurableApplicationContext context) {
            return new McpStdioLifecycle(nexus, nexus.json(), context);
        }
    }

    /**
     * @param nexus the Nexus
     * @return the drain of running calls when the application stops, before the web server's own
     *     graceful shutdown
     */
    @Bean
    ShutdownStep kaizenNexusDrain(Nexus nexus, ApplicationEventPublisher events) {
        return new ShutdownStep(ShutdownStep.DRAIN_PHASE, new NexusDrain(nexus, events));
    }

    /** A {@code nexus} health contributor for Actuator; none in a lean start, which has no Actuator. */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(HealthIndicator.class)
    @ConditionalOnProperty(name = LeanStartFilter.PROPERTY, havingValue = "false", matchIfMissing = true)
    static class NexusHealthConfiguration {

        @Bean
        @ConditionalOnMissingBean(name = "nexusHealthIndicator")
        HealthIndicator nexusHealthIndicator(Nexus nexus) {
            return () -> {
                NexusHealth health = nexus.health();
                Health.Builder builder = switch (health.status()) {
                    case RUNNING -> Health.up();
                    // Actuator answers 503 for this status: a load balancer sends no new calls.
                    case DRAINING -> Health.outOfService();
                    case STOPPED -> Health.down();
                };
                // Health is open to all: the count only, names are for callers who may see them.
                builder.withDetails(Map.of("workflows", health.workflows().size(), "version", health.version(),
                        "uptimeSeconds", health.uptime().toSeconds(),
                        "sessionStore", health.sessionStoreAvailable() ? "up" : "unavailable"));
                if (health.modelReachable() != null) {
                    builder.withDetail("model", health.modelReachable() ? "up" : "unreachable");
                }
                return builder.build();
            };
        }

        /**
         * @param nexus the Nexus
         * @return the session store's own health: down while it cannot be reached (Redis is sent a
         *     PING at most every two seconds); sessionless calls keep working meanwhile, so it is
         *     not part of the {@code nexus} indicator's status
         */
        /**
         * @param kaizenModelEndpoint the endpoint {@code kaizen.model.base-url} names
         * @return whether it can be reached (a TCP connection, cached; the same check as {@code /health}'s)
         */
        @Bean
        @ConditionalOnProperty(prefix = ModelProperties.CONFIG_PREFIX, name = "base-url")
        @ConditionalOnMissingBean(name = "kaizenModelHealthIndicator")
        HealthIndicator kaizenModelHealthIndicator(ModelEndpoint kaizenModelEndpoint) {
            return new ModelEndpointHealth(kaizenModelEndpoint);
        }

        @Bean
        @ConditionalOnMissingBean(name = "kaizenSessionStoreHealthIndicator")
        HealthIndicator kaizenSessionStoreHealthIndicator(Nexus nexus) {
            return () -> (nexus.sessions().checkStore() ? Health.up() : Health.down())
                    .withDetail("store", nexus.sessions().storeDescription()).build();
        }
    }
}

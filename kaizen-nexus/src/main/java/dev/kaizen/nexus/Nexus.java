package dev.kaizen.nexus;

import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

import org.jspecify.annotations.Nullable;
import org.springframework.boot.Banner;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.MapPropertySource;
import tools.jackson.databind.json.JsonMapper;

import dev.kaizen.core.Kaizen;
import dev.kaizen.nexus.admin.NexusAdmin;
import dev.kaizen.nexus.channel.Channel;
import dev.kaizen.nexus.channel.ChannelId;
import dev.kaizen.nexus.deploy.Deployment;
import dev.kaizen.nexus.deploy.DeploymentCache;
import dev.kaizen.nexus.deploy.DeploymentRegistry;
import dev.kaizen.nexus.execution.NexusChannelContext;
import dev.kaizen.nexus.execution.RunLimits;
import dev.kaizen.nexus.execution.WorkflowExecutor;
import dev.kaizen.nexus.runs.AsyncRuns;
import dev.kaizen.nexus.runs.InMemoryRunStore;
import dev.kaizen.nexus.runs.RunStore;
import dev.kaizen.nexus.runs.WebhookSettings;
import dev.kaizen.nexus.metrics.PerformanceMetrics;
import dev.kaizen.nexus.metrics.PerformanceTargets;
import dev.kaizen.nexus.metrics.WorkflowEventLog;
import dev.kaizen.nexus.mcp.McpConfig;
import dev.kaizen.nexus.rest.RestChannel;
import dev.kaizen.nexus.rest.RestConfig;
import dev.kaizen.nexus.security.AuditLog;
import dev.kaizen.nexus.security.Gatekeeper;
import dev.kaizen.nexus.security.LocalRateLimiter;
import dev.kaizen.nexus.security.RateLimiter;
import dev.kaizen.nexus.security.SecuritySettings;
import dev.kaizen.nexus.session.NexusSessionManager;

/**
 * The platform instance: a deployment registry and the channels that serve it.
 *
 * <h2>Channels</h2>
 * A Nexus serves whatever channels it is given. Unless told otherwise it has the built-in ones
 * whose libraries are on the class path: REST ({@code api}), MCP ({@code mcp}, with the MCP Java
 * SDK) and the shell ({@code cli}, with Spring Shell). {@link Builder#channel(Channel)} adds one
 * of your own (or replaces the one with its id); in Spring Boot any {@link Channel} bean is added.
 *
 * <h2>Standalone</h2>
 * <pre>{@code
 * Nexus nexus = Nexus.builder().port(8000).host("127.0.0.1").build().start();
 * Deployments.deployMultiChannel(agent, nexus, "assistant");
 * ...
 * nexus.stop();
 * }</pre>
 * {@link #start()} returns once the port accepts connections; port 0 picks a free port and
 * {@link #port()} tells which.
 *
 * <h2>Inside a Spring Boot application</h2>
 * With {@code kaizen-nexus} on the class path, the auto-configuration creates a {@code Nexus}
 * bean served by the application's own web server (configured by {@code kaizen.nexus.*}
 * properties, turned off by {@code kaizen.nexus.enabled=false}). Inject it and deploy; it starts
 * and stops with the application.
 */
public final class Nexus implements AutoCloseable {

    /** The port a standalone Nexus listens on unless told otherwise. */
    public static final int DEFAULT_PORT = 8000;

    /** The address a standalone Nexus binds unless told otherwise: loopback only. */
    public static final String DEFAULT_HOST = "127.0.0.1";

    /** How long a stopping Nexus lets running calls finish unless told otherwise. */
    public static final Duration DEFAULT_DRAIN_TIMEOUT = Duration.ofSeconds(20);

    /** The most runs that answer at once kept in memory unless another store is given. */
    public static final long DEFAULT_MAX_STORED_RUNS = 10_000;

    /** How long a run is kept after its last change unless configured otherwise. */
    public static final Duration DEFAULT_RUN_RETENTION = Duration.ofHours(1);

    private final String configuredHost;

    private final int configuredPort;

    private final boolean hosted;

    private final RestConfig restConfig;

    private final McpConfig mcpConfig;

    private final List<Channel> channels;

    private final JsonMapper json;

    private final NexusAdmin admin;

    private final NexusSessionManager sessions;

    private final WorkflowExecutor executor;

    private final PerformanceMetrics metrics;

    private final PerformanceTargets targets;

    private final @Nullable WorkflowEventLog events;

    private final DeploymentRegistry registry;

    private final Duration drainTimeout;

    private final AsyncRuns runs;

    private final Gatekeeper gatekeeper;

    private final @Nullable ModelEndpoint modelEndpoint;

    /** Guarded by {@code this}: the standalone application context, while running. */
    private @Nullable ConfigurableApplicationContext ownContext;

    /** Where the web server serving this Nexus listens, while it does. */
    private volatile @Nullable Binding binding;

    /** Set once {@link #stop()} has ended: the drain is over, the Nexus is stopped. */
    private volatile boolean stopped;

    private record Binding(String host, int port, long startedNanos) {
    }

    private Nexus(Builder builder) {
        this.configuredHost = builder.host;
        this.configuredPort = builder.port;
        this.hosted = builder.hosted;
        this.restConfig = builder.rest;
        this.mcpConfig = builder.mcp;
        this.json = builder.json != null ? builder.json : JsonMapper.builder().build();
        this.sessions = builder.sessions != null ? builder.sessions : new NexusSessionManager();
        this.metrics = builder.metrics != null ? builder.metrics : new PerformanceMetrics();
        this.targets = builder.targets;
        this.events = builder.eventLog == null ? null : new WorkflowEventLog(builder.eventLog, Clock.systemUTC());
        this.gatekeeper = new Gatekeeper(builder.security,
                builder.rateLimiter != null ? builder.rateLimiter : new LocalRateLimiter());
        boolean audit = builder.audit != null ? builder.audit : builder.security.authenticationRequired();
        this.executor = new WorkflowExecutor(sessions, builder.createSessionOnUnknown, metrics, events, gatekeeper,
                audit ? new AuditLog() : null, builder.runLimits, builder.workflowRunLimits);
        this.runs = new AsyncRuns(executor, builder.runStore != null ? builder.runStore
                : new InMemoryRunStore(DEFAULT_MAX_STORED_RUNS, DEFAULT_RUN_RETENTION), builder.webhooks, json,
                RestChannel.runDocuments()); // every channel's runs read as REST's, and so do lost ones
        this.channels = List.copyOf(builder.channels.values());
        this.modelEndpoint = builder.modelEndpoint;
        DeploymentCache cache = builder.cache != null ? builder.cache : new DeploymentCache();
        this.registry = new DeploymentRegistry(channels, cache, restConfig.pathPrefix(), metrics);
        this.admin = new NexusAdmin(registry, sessions, metrics, () -> targets, this::health, gatekeeper);
        this.drainTimeout = builder.drainTimeout;
        for (Channel channel : channels) {
            channel.attach(new NexusChannelContext(channel.id(), executor, admin, json, runs));
        }
    }

    /**
     * @return a builder for a standalone Nexus
     */
    public static Builder builder() {
        return new Builder(false);
    }

    /**
     * A builder for a Nexus served by an existing Spring Boot application's web server; used by
     * the auto-configuration.
     *
     * @return a builder for a hosted Nexus
     */
    public static Builder hostedBuilder() {
        return new Builder(true);
    }

    /**
     * Starts serving: a standalone Nexus starts its own web server and returns once the port
     * accepts connections. Starting a running Nexus does nothing.
     *
     * @return this Nexus
     * @throws IllegalStateException if this Nexus is hosted by a Spring Boot application, which
     *     starts it
     */
    public synchronized Nexus start() {
        if (hosted) {
            throw new IllegalStateException("this Nexus is served by its Spring Boot application and starts with it");
        }
        if (ownContext != null) {
            return this;
        }
        executor.inFlight().resume();
        stopped = false;
        Map<String, Object> properties = new LinkedHashMap<>();
        properties.put("server.port", configuredPort);
        properties.put("server.address", configuredHost);
        properties.put("spring.threads.virtual.enabled", true);
        properties.put("spring.main.log-startup-info", false);
        properties.put("kaizen.nexus.mcp.enabled", mcpConfig.enabled());
        ownContext = new SpringApplicationBuilder(StandaloneNexusApplication.class)
                .web(WebApplicationType.SERVLET)
                .bannerMode(Banner.Mode.OFF)
                .initializers(context -> {
                    // First, not as default properties: what this builder was told wins over every
                    // default, Kaizen's own included.
                    context.getEnvironment().getPropertySources()
                            .addFirst(new MapPropertySource("kaizenStandaloneNexus", properties));
                    context.getBeanFactory().registerSingleton("kaizenNexus", this);
                })
                .run();
        return this;
    }

    /**
     * Stops a standalone Nexus's web server; deployments stay registered and are served again
     * after {@link #start()}. Does nothing when not running, or for a hosted Nexus (whose
     * application stops it).
     */
    public synchronized void stop() {
        if (ownContext != null) {
            ownContext.close();
            ownContext = null;
        }
        serverStopped();
        stopped = true;
    }

    /**
     * Stops serving, closes the session store (its connections) and the event log; a closed Nexus
     * stays closed.
     */
    @Override
    public void close() {
        stop();
        sessions.close();
        gatekeeper.close();
        runs.close();
        if (events != null) {
            events.close();
        }
    }

    /**
     * Records that a web server now serves this Nexus. Called by the auto-configuration when the
     * server has started, for standalone and hosted Nexus alike.
     *
     * @param host the address the server is bound to
     * @param port the port it listens on
     */
    public void serverStarted(String host, int port) {
        binding = new Binding(Objects.requireNonNull(host, "host"), port, System.nanoTime());
        sessions.start();
    }

    /** Records that the web server serving this Nexus has stopped, and stops session cleanup. */
    public void serverStopped() {
        binding = null;
        sessions.stop();
    }

    /**
     * @return the runs that answer at once, accepted by any channel
     */
    public AsyncRuns runs() {
        return runs;
    }

    /**
     * Drains calls before a stop: new calls are refused ({@code shutting-down}, 503), calls in
     * flight get up to the drain timeout to finish, and those still running then are cancelled and
     * answer {@code shutting-down}. The application's shutdown does this by itself (before the web
     * server's graceful shutdown); call it yourself only to drain without stopping.
     *
     * @return how many calls had to be cancelled
     */
    public int drain() {
        int cancelled = executor.inFlight().drain(drainTimeout);
        runs.awaitAllRecorded(Duration.ofSeconds(5)); // every accepted run's end is in the store
        return cancelled;
    }

    /**
     * @return how long a stopping Nexus lets running calls finish
     */
    public Duration drainTimeout() {
        return drainTimeout;
    }

    /**
     * @return how many calls are running now, on every channel
     */
    public int callsInFlight() {
        return executor.inFlight().count();
    }

    /**
     * @return whether a web server serves this Nexus now
     */
    public boolean isRunning() {
        return binding != null;
    }

    /**
     * @return the port served on while running (the real one when 0 was asked for), otherwise
     *     the configured port
     */
    public int port() {
        Binding now = binding;
        return now != null ? now.port() : configuredPort;
    }

    /**
     * @return the address served on while running, otherwise the configured one
     */
    public String host() {
        Binding now = binding;
        return now != null ? now.host() : configuredHost;
    }

    /**
     * @return {@code http://host:port}, the base of every REST and MCP address
     */
    public URI baseUri() {
        String host = host();
        String literal = host.contains(":") ? "[" + host + "]" : host;
        return URI.create("http://" + literal + ":" + port());
    }

    /**
     * @return status, deployed workflows, version and uptime
     */
    public NexusHealth health() {
        Binding now = binding;
        List<String> names = registry.list().stream().map(Deployment::name).toList();
        boolean store = sessions.checkStore();
        Boolean model = modelEndpoint == null ? null : modelEndpoint.check().reachable();
        Duration uptime = now == null ? Duration.ZERO : Duration.ofNanos(System.nanoTime() - now.startedNanos());
        // Draining comes first: the application's close marks the server stopped before the drain,
        // and the server still answers (503) until the drain has ended.
        NexusHealth.Status status = executor.inFlight().draining() && !stopped ? NexusHealth.Status.DRAINING
                : now == null ? NexusHealth.Status.STOPPED : NexusHealth.Status.RUNNING;
        return new NexusHealth(status, names, Kaizen.version(), uptime, store, model);
    }

    /**
     * Internal: the deployment registry. {@link Deployments} is the way to change deployments, and
     * {@link #admin()} the way to list them.
     *
     * @return the deployments of this Nexus
     */
    public DeploymentRegistry registry() {
        return registry;
    }

    /**
     * @return the REST channel's settings
     */
    public RestConfig restConfig() {
        return restConfig;
    }

    /**
     * @return this Nexus's channels, in the order they were given
     */
    public List<Channel> channels() {
        return channels;
    }

    /**
     * @return the ids of this Nexus's channels, in the order they were given
     */
    public Set<ChannelId> channelIds() {
        return registry.channelIds();
    }

    /**
     * @param id a channel id
     * @return this Nexus's channel of that id, if it has one
     */
    public Optional<Channel> channel(ChannelId id) {
        return channels.stream().filter(channel -> channel.id().equals(id)).findFirst();
    }

    /**
     * @param <T> the channel's type
     * @param type a channel class, such as {@code RestChannel.class}
     * @return this Nexus's channel of that class, if it has one
     */
    public <T extends Channel> Optional<T> channel(Class<T> type) {
        return channels.stream().filter(type::isInstance).map(type::cast).findFirst();
    }

    /**
     * @return listing and describing workflows, sessions and metrics, as REST and the shell do
     */
    public NexusAdmin admin() {
        return admin;
    }

    /**
     * @return the JSON mapper this Nexus and its channels use (the application's, in Spring Boot)
     */
    public JsonMapper json() {
        return json;
    }

    /**
     * @return the deployment cache of this Nexus (its own unless the application handed it one)
     */
    public DeploymentCache deploymentCache() {
        return registry.cache();
    }

    /**
     * @return how this Nexus protects its network channels: credentials, scopes, rate limits,
     *     accepted Host and Origin values
     */
    public SecuritySettings security() {
        return gatekeeper.settings();
    }

    /**
     * @return the MCP channel's settings
     */
    public McpConfig mcpConfig() {
        return mcpConfig;
    }


    /**
     * @return the sessions every channel shares
     */
    public NexusSessionManager sessions() {
        return sessions;
    }

    /**
     * @return the timings of every deployment and call
     */
    public PerformanceMetrics metrics() {
        return metrics;
    }

    /**
     * @return the targets {@code GET /api/performance/report} judges the timings against
     */
    public PerformanceTargets performanceTargets() {
        return targets;
    }


    @Override
    public String toString() {
        return "Nexus[" + (isRunning() ? "running on " + baseUri() : "stopped") + ", " + registry.size()
                + " deployments]";
    }

    /** Builds a {@link Nexus}; setters reject bad values at once. */
    public static final class Builder {

        private final boolean hosted;

        private String host = DEFAULT_HOST;

        private int port = DEFAULT_PORT;

        private RestConfig rest = RestConfig.defaults();

        private McpConfig mcp = McpConfig.defaults();

        private @Nullable DeploymentCache cache;

        private final Map<ChannelId, Channel> channels = new LinkedHashMap<>();

        private @Nullable JsonMapper json;

        private @Nullable NexusSessionManager sessions;

        private boolean createSessionOnUnknown;

        private @Nullable PerformanceMetrics metrics;

        private PerformanceTargets targets = PerformanceTargets.defaults();

        private @Nullable Path eventLog;

        private Duration drainTimeout = DEFAULT_DRAIN_TIMEOUT;

        private SecuritySettings security = SecuritySettings.defaults();

        private @Nullable RateLimiter rateLimiter;

        private @Nullable Boolean audit;

        private @Nullable ModelEndpoint modelEndpoint;

        private RunLimits runLimits = RunLimits.defaults();

        private final Map<String, RunLimits> workflowRunLimits = new LinkedHashMap<>();

        private @Nullable RunStore runStore;

        private WebhookSettings webhooks = WebhookSettings.none();

        private Builder(boolean hosted) {
            this.hosted = hosted;
            BuiltInChannels.available().forEach(this::channel);
        }

        /**
         * Adds a channel, or replaces the one with the same id (a built-in one included).
         *
         * @param channel a channel not given to any other Nexus
         * @return this builder
         */
        public Builder channel(Channel channel) {
            Objects.requireNonNull(channel, "channel");
            channels.put(channel.id(), channel);
            return this;
        }

        /**
         * Leaves a channel out, such as {@link ChannelId#CLI} for a server with no shell.
         *
         * @param id the channel's id
         * @return this builder
         */
        public Builder withoutChannel(ChannelId id) {
            channels.remove(Objects.requireNonNull(id, "id"));
            return this;
        }

        /**
         * @param json the JSON mapper for every channel (in Spring Boot, the application's)
         * @return this builder
         */
        public Builder jsonMapper(JsonMapper json) {
            this.json = Objects.requireNonNull(json, "json");
            return this;
        }

        /**
         * @param port 0 to 65535; 0 picks a free port
         * @return this builder
         */
        public Builder port(int port) {
            if (port < 0 || port > 65_535) {
                throw new IllegalArgumentException("port must be between 0 and 65535, was " + port);
            }
            this.port = port;
            return this;
        }

        /**
         * @param host the address to bind, such as {@code 127.0.0.1} or {@code 0.0.0.0}
         * @return this builder
         */
        public Builder host(String host) {
            Objects.requireNonNull(host, "host");
            if (host.isBlank()) {
                throw new IllegalArgumentException("host must not be blank");
            }
            this.host = host.strip();
            return this;
        }

        /**
         * @param rest the REST channel's settings
         * @return this builder
         */
        public Builder rest(RestConfig rest) {
            this.rest = Objects.requireNonNull(rest, "rest");
            return this;
        }

        /**
         * @param mcp the MCP channel's HTTP settings
         * @return this builder
         */
        public Builder mcp(McpConfig mcp) {
            this.mcp = Objects.requireNonNull(mcp, "mcp");
            return this;
        }

        /**
         * @param cache the deployment cache to use instead of one of its own (hand several Nexus
         *     instances the same one to share built workflows)
         * @return this builder
         */
        public Builder deploymentCache(DeploymentCache cache) {
            this.cache = Objects.requireNonNull(cache, "cache");
            return this;
        }

        /**
         * @param sessions the session manager to use instead of an in-memory one with the defaults
         * @return this builder
         */
        public Builder sessions(NexusSessionManager sessions) {
            this.sessions = Objects.requireNonNull(sessions, "sessions");
            return this;
        }

        /**
         * @param createSessionOnUnknown whether a request naming an unknown session id starts a
         *     session with that id (default {@code false}: the request fails as not found)
         * @return this builder
         */
        public Builder createSessionOnUnknown(boolean createSessionOnUnknown) {
            this.createSessionOnUnknown = createSessionOnUnknown;
            return this;
        }

        /**
         * @param metrics where timings go instead of metrics of its own (with a Micrometer registry
         *     of its own)
         * @return this builder
         */
        public Builder metrics(PerformanceMetrics metrics) {
            this.metrics = Objects.requireNonNull(metrics, "metrics");
            return this;
        }

        /**
         * @param targets what the performance report judges against
         * @return this builder
         */
        public Builder performanceTargets(PerformanceTargets targets) {
            this.targets = Objects.requireNonNull(targets, "targets");
            return this;
        }

        /**
         * @param eventLog a JSON Lines file that gets a line per workflow start and completion, or
         *     {@code null} for none
         * @return this builder
         */
        public Builder eventLog(@Nullable Path eventLog) {
            this.eventLog = eventLog;
            return this;
        }

        /**
         * @param drainTimeout how long a stopping Nexus lets running calls finish before it cancels
         *     them; zero cancels at once
         * @return this builder
         */
        public Builder drainTimeout(Duration drainTimeout) {
            Objects.requireNonNull(drainTimeout, "drainTimeout");
            if (drainTimeout.isNegative()) {
                throw new IllegalArgumentException("drain timeout must not be negative, was " + drainTimeout);
            }
            this.drainTimeout = drainTimeout;
            return this;
        }

        /**
         * @param security credentials, scopes, rate limits and accepted Host and Origin values
         *     (default: no credentials, loopback Host and Origin only)
         * @return this builder
         */
        public Builder security(SecuritySettings security) {
            this.security = Objects.requireNonNull(security, "security");
            return this;
        }

        /**
         * @param rateLimiter where rate limits are counted instead of this process's memory (such
         *     as a {@code RedisRateLimiter} shared by every instance); closed with the Nexus
         * @return this builder
         */
        public Builder rateLimiter(RateLimiter rateLimiter) {
            this.rateLimiter = Objects.requireNonNull(rateLimiter, "rateLimiter");
            return this;
        }

        /**
         * @param audit whether every call writes a line to the {@code kaizen.audit} logger (default:
         *     when credentials are configured)
         * @return this builder
         */
        public Builder audit(boolean audit) {
            this.audit = audit;
            return this;
        }

        /**
         * @param limits how many runs of each workflow go at once and how many wait (every
         *     channel's, and runs that answer at once), unless a workflow has its own
         * @return this builder
         */
        public Builder runLimits(RunLimits limits) {
            this.runLimits = Objects.requireNonNull(limits, "limits");
            return this;
        }

        /**
         * @param workflow a workflow's name
         * @param limits that workflow's own limits
         * @return this builder
         */
        public Builder runLimits(String workflow, RunLimits limits) {
            workflowRunLimits.put(Objects.requireNonNull(workflow, "workflow"), Objects.requireNonNull(limits, "limits"));
            return this;
        }

        /**
         * @param store where runs that answer at once are kept; by default in memory (the latest
         *     {@value #DEFAULT_MAX_STORED_RUNS} runs, each kept an hour after its last change)
         * @return this builder
         */
        public Builder runStore(RunStore store) {
            this.runStore = Objects.requireNonNull(store, "store");
            return this;
        }

        /**
         * @param webhooks where runs that answer at once may deliver their end ({@code callbackUrl}),
         *     and how; by default nowhere
         * @return this builder
         */
        public Builder webhooks(WebhookSettings webhooks) {
            this.webhooks = Objects.requireNonNull(webhooks, "webhooks");
            return this;
        }

        /**
         * @param modelEndpoint the model endpoint the agents call, for {@link Nexus#health()} and
         *     {@code GET /health} to report whether it can be reached (the auto-configuration sets
         *     it from {@code kaizen.model.base-url}); null, the default, for none
         * @return this builder
         */
        public Builder modelEndpoint(@Nullable ModelEndpoint modelEndpoint) {
            this.modelEndpoint = modelEndpoint;
            return this;
        }

        /**
         * @return the Nexus, not yet started
         */
        public Nexus build() {
            return new Nexus(this);
        }
    }
}

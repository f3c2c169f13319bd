package dev.kaizen.nexus.autoconfigure;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.util.unit.DataSize;

import dev.kaizen.nexus.Nexus;
import dev.kaizen.nexus.execution.RunLimits;
import dev.kaizen.nexus.deploy.DeploymentCache;
import dev.kaizen.nexus.mcp.McpConfig;
import dev.kaizen.nexus.metrics.PerformanceTargets;
import dev.kaizen.nexus.metrics.Statistic;
import dev.kaizen.nexus.session.NexusSessionManager;
import dev.kaizen.nexus.rest.RestConfig;
import dev.kaizen.nexus.runs.RunStore;
import dev.kaizen.nexus.runs.WebhookSettings;

/** The {@code kaizen.nexus.*} properties of a Nexus inside a Spring Boot application. */
@ConfigurationProperties(NexusProperties.CONFIG_PREFIX)
public class NexusProperties {

    /** The prefix of every Nexus property. */
    public static final String CONFIG_PREFIX = "kaizen.nexus";

    /** Whether to create a Nexus in this application. */
    private boolean enabled = true;

    /** Skip the auto-configurations only a web server needs (Actuator, security, task executors); set for commands, the local shell and MCP over stdio. */
    private boolean leanStart;

    /** How long a stopping application lets running calls finish before it cancels them (they answer 503 shutting-down). */
    private Duration drainTimeout = Nexus.DEFAULT_DRAIN_TIMEOUT;

    /** The REST channel. */
    private final Rest rest = new Rest();

    /**
     * @return how long running calls may finish when the application stops
     */
    public Duration getDrainTimeout() {
        return drainTimeout;
    }

    /**
     * @param drainTimeout how long running calls may finish when the application stops
     */
    public void setDrainTimeout(Duration drainTimeout) {
        this.drainTimeout = drainTimeout;
    }

    /** The MCP channel. */
    private final Mcp mcp = new Mcp();

    /** The Nexus's own deployment cache. */
    private final Cache deploymentCache = new Cache();

    /** Sessions shared by every channel. */
    private final Sessions sessions = new Sessions();

    /** Performance targets for the SLA report. */
    private final Performance performance = new Performance();

    /** The JSON Lines log of workflow runs. */
    private final Events events = new Events();

    private final Runs runs = new Runs();

    /**
     * @return the settings of workflow runs: how many at once, how many waiting, how long kept
     */
    public Runs getRuns() {
        return runs;
    }

    /**
     * @return whether to create a Nexus
     */
    public boolean isEnabled() {
        return enabled;
    }

    /**
     * @param enabled whether to create a Nexus
     */
    public void setEnabled(boolean enabled) {
        this.enabled = enabled;
    }

    /**
     * @return whether the auto-configurations only a web server needs are skipped ({@link LeanStartFilter})
     */
    public boolean isLeanStart() {
        return leanStart;
    }

    /**
     * @param leanStart whether to skip the auto-configurations only a web server needs; read before
     *     this class is bound, by {@link LeanStartFilter}
     */
    public void setLeanStart(boolean leanStart) {
        this.leanStart = leanStart;
    }

    /**
     * @return the REST channel's properties
     */
    public Rest getRest() {
        return rest;
    }

    /**
     * @return the MCP channel's properties
     */
    public Mcp getMcp() {
        return mcp;
    }

    /**
     * @return the performance targets' properties
     */
    public Performance getPerformance() {
        return performance;
    }

    /**
     * @return the event log's properties
     */
    public Events getEvents() {
        return events;
    }

    /**
     * @return the sessions' properties
     */
    public Sessions getSessions() {
        return sessions;
    }

    /**
     * @return the deployment cache's properties
     */
    public Cache getDeploymentCache() {
        return deploymentCache;
    }

    /** {@code kaizen.nexus.rest.*}. */
    /** How many runs of a workflow go at once and wait, and how long runs that answer at once are kept. */
    public static class Runs {

        /** The most runs of one workflow at once (every channel's, and runs that answer at once). */
        private int maxConcurrent = RunLimits.DEFAULT_MAX_CONCURRENT;

        /** The most runs of one workflow waiting for their turn; a call beyond that is refused as overloaded. */
        private int queueLength = RunLimits.DEFAULT_QUEUE_LENGTH;

        /** How long a run that answers at once is kept after its last change. */
        private Duration retention = Nexus.DEFAULT_RUN_RETENTION;

        /** The most runs that answer at once kept in memory. */
        private long maxStored = Nexus.DEFAULT_MAX_STORED_RUNS;

        /**
         * With runs on Redis: how long a run in progress stays its instance's without a renewal (renewed every
         * third of it); after that, any instance ends it as failed, instance-lost. Longer than the Redis timeout.
         */
        private Duration leaseTime = RunStore.DEFAULT_LEASE_TIME;

        /** Where runs that answer at once are kept: memory or redis (the sessions' Redis); the sessions' store when unset. */
        private @Nullable Store store;

        /** @return where runs are kept, or {@code null} for the sessions' store */
        public @Nullable Store getStore() {
            return store;
        }

        /** @param store where runs are kept */
        public void setStore(@Nullable Store store) {
            this.store = store;
        }

        /** Workflows with limits of their own, by name: max-concurrent and queue-length. */
        private Map<String, Limits> workflows = new LinkedHashMap<>();

        private final Webhooks webhooks = new Webhooks();

        /** @return where runs may deliver their end, and how */
        public Webhooks getWebhooks() {
            return webhooks;
        }

        /** Where runs that answer at once may deliver their end (callbackUrl), and how. */
        public static class Webhooks {

            /** The hosts a callbackUrl may name: host, host:port or host:* (any port); empty refuses every callback. */
            private List<String> allowedHosts = new ArrayList<>();

            /** The signing secret, Standard Webhooks style: whsec_ and base64 (16 bytes or more); without it callbacks are refused. */
            private @Nullable String secret;

            /** How many times a delivery is tried at most, the first included. */
            private int maxAttempts = WebhookSettings.DEFAULT_MAX_ATTEMPTS;

            /** The wait before a delivery's second attempt; each next waits up to twice as long, with jitter, at most a minute. */
            private Duration initialBackoff = WebhookSettings.DEFAULT_INITIAL_BACKOFF;

            /** @return the hosts a callback may go to */
            public List<String> getAllowedHosts() {
                return allowedHosts;
            }

            /** @param allowedHosts the hosts a callback may go to */
            public void setAllowedHosts(List<String> allowedHosts) {
                this.allowedHosts = allowedHosts;
            }

            /** @return the signing secret */
            public @Nullable String getSecret() {
                return secret;
            }

            /** @param secret the signing secret */
            public void setSecret(@Nullable String secret) {
                this.secret = secret;
            }

            /** @return how many times a delivery is tried at most */
            public int getMaxAttempts() {
                return maxAttempts;
            }

            /** @param maxAttempts how many times a delivery is tried at most */
            public void setMaxAttempts(int maxAttempts) {
                this.maxAttempts = maxAttempts;
            }

            /** @return the wait before a delivery's second attempt */
            public Duration getInitialBackoff() {
                return initialBackoff;
            }

            /** @param initialBackoff the wait before a delivery's second attempt */
            public void setInitialBackoff(Duration initialBackoff) {
                this.initialBackoff = initialBackoff;
            }
        }

        /** @return the most runs of one workflow at once */
        public int getMaxConcurrent() {
            return maxConcurrent;
        }

        /** @param maxConcurrent the most runs of one workflow at once */
        public void setMaxConcurrent(int maxConcurrent) {
            this.maxConcurrent = maxConcurrent;
        }

        /** @return the most runs of one workflow waiting */
        public int getQueueLength() {
            return queueLength;
        }

        /** @param queueLength the most runs of one workflow waiting */
        public void setQueueLength(int queueLength) {
            this.queueLength = queueLength;
        }

        /** @return how long a run is kept after its last change */
        public Duration getRetention() {
            return retention;
        }

        /** @param retention how long a run is kept after its last change */
        public void setRetention(Duration retention) {
            this.retention = retention;
        }

        /** @return how long a run in progress stays its instance's without a renewal */
        public Duration getLeaseTime() {
            return leaseTime;
        }

        /** @param leaseTime how long a run in progress stays its instance's without a renewal */
        public void setLeaseTime(Duration leaseTime) {
            this.leaseTime = leaseTime;
        }

        /** @return the most runs kept in memory */
        public long getMaxStored() {
            return maxStored;
        }

        /** @param maxStored the most runs kept in memory */
        public void setMaxStored(long maxStored) {
            this.maxStored = maxStored;
        }

        /** @return workflows with limits of their own */
        public Map<String, Limits> getWorkflows() {
            return workflows;
        }

        /** @param workflows workflows with limits of their own */
        public void setWorkflows(Map<String, Limits> workflows) {
            this.workflows = workflows;
        }

        /** One workflow's own limits; what is not set is the default. */
        public static class Limits {

            private @Nullable Integer maxConcurrent;

            private @Nullable Integer queueLength;

            /** @return the most runs of this workflow at once */
            public @Nullable Integer getMaxConcurrent() {
                return maxConcurrent;
            }

            /** @param maxConcurrent the most runs of this workflow at once */
            public void setMaxConcurrent(@Nullable Integer maxConcurrent) {
                this.maxConcurrent = maxConcurrent;
            }

            /** @return the most runs of this workflow waiting */
            public @Nullable Integer getQueueLength() {
                return queueLength;
            }

            /** @param queueLength the most runs of this workflow waiting */
            public void setQueueLength(@Nullable Integer queueLength) {
                this.queueLength = queueLength;
            }
        }
    }

    public static class Rest {

        /** The path prefix of workflows deployed without one of their own. */
        private String pathPrefix = RestConfig.DEFAULT_PATH_PREFIX;

        /** The largest request body accepted; larger ones get 413. */
        private DataSize maxRequestSize = DataSize.ofBytes(RestConfig.DEFAULT_MAX_REQUEST_BYTES);

        /** How often a Server-Sent Events answer sends a comment while its run is silent. */
        private Duration sseHeartbeat = RestConfig.DEFAULT_SSE_HEARTBEAT;

        /**
         * @return how often a Server-Sent Events answer sends a comment while its run is silent
         */
        public Duration getSseHeartbeat() {
            return sseHeartbeat;
        }

        /**
         * @param sseHeartbeat how often a Server-Sent Events answer sends a comment while its run is silent
         */
        public void setSseHeartbeat(Duration sseHeartbeat) {
            this.sseHeartbeat = sseHeartbeat;
        }

        /**
         * @return the path prefix
         */
        public String getPathPrefix() {
            return pathPrefix;
        }

        /**
         * @param pathPrefix the path prefix
         */
        public void setPathPrefix(String pathPrefix) {
            this.pathPrefix = pathPrefix;
        }

        /**
         * @return the largest request body accepted
         */
        public DataSize getMaxRequestSize() {
            return maxRequestSize;
        }

        /**
         * @param maxRequestSize the largest request body accepted
         */
        public void setMaxRequestSize(DataSize maxRequestSize) {
            this.maxRequestSize = maxRequestSize;
        }
    }

    /** {@code kaizen.nexus.mcp.*}. */
    public static class Mcp {

        /** Whether to serve MCP over Streamable HTTP on the application's web server. */
        private boolean enabled = true;

        /** The path of the Streamable HTTP endpoint. */
        private String path = McpConfig.DEFAULT_PATH;

        /** Serve MCP over stdin/stdout instead of the web server; set by the --mcp-stdio argument. */
        private boolean stdio;

        /** How long an MCP session without calls or an open stream lives (it ends after one to two of these). */
        private Duration sessionIdleTimeout = McpConfig.DEFAULT_SESSION_IDLE_TIMEOUT;

        /** The most MCP sessions at once; an initialize beyond them is refused until one ends. */
        private int maxSessions = McpConfig.DEFAULT_MAX_SESSIONS;

        /**
         * The most MCP sessions one authenticated principal may hold at once (at most max-sessions);
         * unset: a quarter of max-sessions. An initialize beyond them is refused for that principal alone.
         */
        private @Nullable Integer maxSessionsPerPrincipal;

        /** How often a running tools/call's answer stream carries an SSE comment (keeps proxies open, notices a client that left). */
        private Duration heartbeat = McpConfig.DEFAULT_HEARTBEAT;

        /**
         * @return the most MCP sessions one principal may hold, or {@code null} for a quarter of the maximum
         */
        public @Nullable Integer getMaxSessionsPerPrincipal() {
            return maxSessionsPerPrincipal;
        }

        /**
         * @param maxSessionsPerPrincipal the most MCP sessions one principal may hold
         */
        public void setMaxSessionsPerPrincipal(@Nullable Integer maxSessionsPerPrincipal) {
            this.maxSessionsPerPrincipal = maxSessionsPerPrincipal;
        }

        /**
         * @return how often a running call's answer stream carries a comment
         */
        public Duration getHeartbeat() {
            return heartbeat;
        }

        /**
         * @param heartbeat how often a running call's answer stream carries a comment
         */
        public void setHeartbeat(Duration heartbeat) {
            this.heartbeat = heartbeat;
        }

        /**
         * @return how long an idle MCP session lives
         */
        public Duration getSessionIdleTimeout() {
            return sessionIdleTimeout;
        }

        /**
         * @param sessionIdleTimeout how long an idle MCP session lives
         */
        public void setSessionIdleTimeout(Duration sessionIdleTimeout) {
            this.sessionIdleTimeout = sessionIdleTimeout;
        }

        /**
         * @return the most MCP sessions at once
         */
        public int getMaxSessions() {
            return maxSessions;
        }

        /**
         * @param maxSessions the most MCP sessions at once
         */
        public void setMaxSessions(int maxSessions) {
            this.maxSessions = maxSessions;
        }

        /**
         * @return whether to serve MCP over HTTP
         */
        public boolean isEnabled() {
            return enabled;
        }

        /**
         * @param enabled whether to serve MCP over HTTP
         */
        public void setEnabled(boolean enabled) {
            this.enabled = enabled;
        }

        /**
         * @return the endpoint path
         */
        public String getPath() {
            return path;
        }

        /**
         * @param path the endpoint path
         */
        public void setPath(String path) {
            this.path = path;
        }

        /**
         * @return whether to serve MCP over stdio
         */
        public boolean isStdio() {
            return stdio;
        }

        /**
         * @param stdio whether to serve MCP over stdio
         */
        public void setStdio(boolean stdio) {
            this.stdio = stdio;
        }
    }

    /** {@code kaizen.nexus.performance.*}. */
    public static class Performance {

        /**
         * Targets by operation and statistic, such as {@code api_overhead.p95=20ms}; each replaces the
         * default for the same operation and statistic.
         */
        private Map<String, Map<String, Duration>> targets = new LinkedHashMap<>();

        /**
         * @return targets by operation and statistic
         */
        public Map<String, Map<String, Duration>> getTargets() {
            return targets;
        }

        /**
         * @param targets targets by operation and statistic
         */
        public void setTargets(Map<String, Map<String, Duration>> targets) {
            this.targets = targets;
        }

        PerformanceTargets targets() {
            PerformanceTargets.Builder builder = PerformanceTargets.defaults().toBuilder();
            targets.forEach((operation, byStatistic) -> byStatistic.forEach(
                    (statistic, limit) -> builder.target(operation, Statistic.of(statistic), limit)));
            return builder.build();
        }
    }

    /** {@code kaizen.nexus.events.*}. */
    public static class Events {

        /** A JSON Lines file that gets one line per workflow start and completion; unset for none. */
        private @Nullable Path path;

        /**
         * @return the log file, or null for none
         */
        public @Nullable Path getPath() {
            return path;
        }

        /**
         * @param path the log file, or null for none
         */
        public void setPath(@Nullable Path path) {
            this.path = path;
        }
    }

    /** Where sessions live. */
    public enum Store {
        /** This process's memory (Caffeine): fast, lost on restart, not shared. */
        MEMORY,
        /** Redis: shared by every instance pointed at the same server, survives restarts. */
        REDIS
    }

    /** {@code kaizen.nexus.sessions.*}. */
    public static class Sessions {

        /** How long a session lives after its last access on any channel. */
        private Duration ttl = NexusSessionManager.DEFAULT_SESSION_TTL;

        /** How often expired sessions are removed (the in-memory store). */
        private Duration cleanupInterval = NexusSessionManager.DEFAULT_CLEANUP_INTERVAL;

        /** The largest state one session may hold. */
        private DataSize maxStateSize = DataSize.ofBytes(NexusSessionManager.DEFAULT_MAX_STATE_BYTES);

        /** The most sessions kept in memory; the least recently used beyond it are evicted. */
        private long maxSessions = NexusSessionManager.DEFAULT_MAX_SESSIONS;

        /** The most live sessions one principal may hold; one more is refused (429 session-quota-exceeded). */
        private long maxSessionsPerPrincipal = NexusSessionManager.DEFAULT_MAX_SESSIONS_PER_PRINCIPAL;

        /** The most state the live sessions of one principal may hold together (429 session-quota-exceeded beyond). */
        private DataSize maxStateSizePerPrincipal = DataSize
                .ofBytes(NexusSessionManager.DEFAULT_MAX_STATE_BYTES_PER_PRINCIPAL);

        /**
         * The most the in-memory store's sessions may hold together (507 session-store-full beyond);
         * unset: a quarter of the heap (-Xmx).
         */
        private @Nullable DataSize maxStoreSize;

        /** Whether a request naming an unknown session id starts a session with that id (else 404). */
        private boolean createOnUnknown;

        /** Where sessions live. */
        private Store store = Store.MEMORY;

        /** The Redis server for store=redis; unset: Spring Boot's spring.data.redis.* settings, else redis://127.0.0.1:6379. */
        private @Nullable String redisUrl;

        /** The prefix of every Redis key. */
        private String redisPrefix = RedisSessionStoreFactory.DEFAULT_PREFIX;

        /** How long connecting to Redis, a command, or waiting for a pooled connection may take before the store counts as unavailable. */
        private Duration redisTimeout = Duration.ofMillis(500);

        /**
         * @return the Redis timeout
         */
        public Duration getRedisTimeout() {
            return redisTimeout;
        }

        /**
         * @param redisTimeout the Redis timeout
         */
        public void setRedisTimeout(Duration redisTimeout) {
            this.redisTimeout = redisTimeout;
        }

        /**
         * @return the TTL
         */
        public Duration getTtl() {
            return ttl;
        }

        /**
         * @param ttl the TTL
         */
        public void setTtl(Duration ttl) {
            this.ttl = ttl;
        }

        /**
         * @return the cleanup interval
         */
        public Duration getCleanupInterval() {
            return cleanupInterval;
        }

        /**
         * @param cleanupInterval the cleanup interval
         */
        public void setCleanupInterval(Duration cleanupInterval) {
            this.cleanupInterval = cleanupInterval;
        }

        /**
         * @return the largest state one session may hold
         */
        public DataSize getMaxStateSize() {
            return maxStateSize;
        }

        /**
         * @param maxStateSize the largest state one session may hold
         */
        public void setMaxStateSize(DataSize maxStateSize) {
            this.maxStateSize = maxStateSize;
        }

        /**
         * @return the most sessions kept in memory
         */
        public long getMaxSessions() {
            return maxSessions;
        }

        /**
         * @param maxSessions the most sessions kept in memory
         */
        public void setMaxSessions(long maxSessions) {
            this.maxSessions = maxSessions;
        }

        /**
         * @return the most live sessions one principal may hold
         */
        public long getMaxSessionsPerPrincipal() {
            return maxSessionsPerPrincipal;
        }

        /**
         * @param maxSessionsPerPrincipal the most live sessions one principal may hold
         */
        public void setMaxSessionsPerPrincipal(long maxSessionsPerPrincipal) {
            this.maxSessionsPerPrincipal = maxSessionsPerPrincipal;
        }

        /**
         * @return the most state the live sessions of one principal may hold together
         */
        public DataSize getMaxStateSizePerPrincipal() {
            return maxStateSizePerPrincipal;
        }

        /**
         * @param maxStateSizePerPrincipal the most state the live sessions of one principal may hold together
         */
        public void setMaxStateSizePerPrincipal(DataSize maxStateSizePerPrincipal) {
            this.maxStateSizePerPrincipal = maxStateSizePerPrincipal;
        }

        /**
         * @return the most the in-memory store's sessions may hold together, or {@code null} for a
         *     quarter of the heap
         */
        public @Nullable DataSize getMaxStoreSize() {
            return maxStoreSize;
        }

        /**
         * @param maxStoreSize the most the in-memory store's sessions may hold together
         */
        public void setMaxStoreSize(@Nullable DataSize maxStoreSize) {
            this.maxStoreSize = maxStoreSize;
        }

        /**
         * @return whether an unknown session id starts a session
         */
        public boolean isCreateOnUnknown() {
            return createOnUnknown;
        }

        /**
         * @param createOnUnknown whether an unknown session id starts a session
         */
        public void setCreateOnUnknown(boolean createOnUnknown) {
            this.createOnUnknown = createOnUnknown;
        }

        /**
         * @return where sessions live
         */
        public Store getStore() {
            return store;
        }

        /**
         * @param store where sessions live
         */
        public void setStore(Store store) {
            this.store = store;
        }

        /**
         * @return the Redis server, or {@code null} for Spring Boot's own Redis settings
         */
        public @Nullable String getRedisUrl() {
            return redisUrl;
        }

        /**
         * @param redisUrl the Redis server
         */
        public void setRedisUrl(@Nullable String redisUrl) {
            this.redisUrl = redisUrl;
        }

        /**
         * @return the Redis key prefix
         */
        public String getRedisPrefix() {
            return redisPrefix;
        }

        /**
         * @param redisPrefix the Redis key prefix
         */
        public void setRedisPrefix(String redisPrefix) {
            this.redisPrefix = redisPrefix;
        }
    }

    /** {@code kaizen.nexus.deployment-cache.*}. */
    public static class Cache {

        /** The most built workflows the deployment cache holds. */
        private long maximumSize = DeploymentCache.DEFAULT_MAXIMUM_SIZE;

        /**
         * @return the most built workflows held
         */
        public long getMaximumSize() {
            return maximumSize;
        }

        /**
         * @param maximumSize the most built workflows held
         */
        public void setMaximumSize(long maximumSize) {
            this.maximumSize = maximumSize;
        }
    }
}

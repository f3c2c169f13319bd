package dev.kaizen.nexus.mcp;

import java.time.Duration;
import java.util.Objects;

import org.jspecify.annotations.Nullable;

/**
 * Settings of the MCP channel's HTTP transport. Immutable; {@link #defaults()} serves at
 * {@value #DEFAULT_PATH}. The {@code Host} and {@code Origin} values it accepts are the Nexus's
 * security settings, shared with REST.
 */
public final class McpConfig {

    /** Where the Streamable HTTP endpoint is served unless configured otherwise. */
    public static final String DEFAULT_PATH = "/mcp";

    /** How long an MCP session without calls or an open stream lives unless configured otherwise. */
    public static final Duration DEFAULT_SESSION_IDLE_TIMEOUT = Duration.ofMinutes(10);

    /** The most MCP sessions at once unless configured otherwise. */
    public static final int DEFAULT_MAX_SESSIONS = 10_000;

    /**
     * What share of {@link #maxSessions()} one principal may hold unless configured otherwise: a
     * quarter of them (at least one), so one principal never takes every session.
     */
    public static final int DEFAULT_PRINCIPAL_SHARE_DIVISOR = 4;

    /** How often a running call's answer stream carries a comment unless configured otherwise. */
    public static final Duration DEFAULT_HEARTBEAT = Duration.ofSeconds(15);

    private static final McpConfig DEFAULTS = builder().build();

    private final boolean enabled;

    private final String path;

    private final Duration sessionIdleTimeout;

    private final int maxSessions;

    private final int maxSessionsPerPrincipal;

    private final Duration heartbeat;

    private McpConfig(Builder builder) {
        this.sessionIdleTimeout = builder.sessionIdleTimeout;
        this.maxSessions = builder.maxSessions;
        this.maxSessionsPerPrincipal = builder.maxSessionsPerPrincipal != null ? builder.maxSessionsPerPrincipal
                : Math.max(1, builder.maxSessions / DEFAULT_PRINCIPAL_SHARE_DIVISOR);
        this.heartbeat = builder.heartbeat;
        this.enabled = builder.enabled;
        this.path = builder.path;
    }

    /**
     * @return the default settings
     */
    public static McpConfig defaults() {
        return DEFAULTS;
    }

    /**
     * @return a builder holding the defaults
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * @return whether the HTTP transport is served
     */
    public boolean enabled() {
        return enabled;
    }

    /**
     * @return the path of the Streamable HTTP endpoint
     */
    public String path() {
        return path;
    }

    /**
     * @return how long a session without calls or an open stream lives; it is ended after one to
     *     two of these
     */
    public Duration sessionIdleTimeout() {
        return sessionIdleTimeout;
    }

    /**
     * @return the most sessions at once; an {@code initialize} beyond them is refused
     */
    public int maxSessions() {
        return maxSessions;
    }

    /**
     * @return the most sessions one authenticated principal may hold at once, at most
     *     {@link #maxSessions()} (a quarter of it unless configured otherwise); an
     *     {@code initialize} beyond them is refused for that principal alone. Callers of a Nexus
     *     without credentials have no principal: only {@link #maxSessions()} bounds them.
     */
    public int maxSessionsPerPrincipal() {
        return maxSessionsPerPrincipal;
    }

    /**
     * @return how often the answer stream of a running {@code tools/call} carries an SSE comment,
     *     so that proxies keep it open and a client that left is noticed (its run is cancelled)
     */
    public Duration heartbeat() {
        return heartbeat;
    }

    @Override
    public boolean equals(@Nullable Object other) {
        return other instanceof McpConfig that && enabled == that.enabled && path.equals(that.path)
                && sessionIdleTimeout.equals(that.sessionIdleTimeout) && maxSessions == that.maxSessions
                && maxSessionsPerPrincipal == that.maxSessionsPerPrincipal && heartbeat.equals(that.heartbeat);
    }

    @Override
    public int hashCode() {
        return Objects.hash(enabled, path, sessionIdleTimeout, maxSessions, maxSessionsPerPrincipal, heartbeat);
    }

    @Override
    public String toString() {
        return "McpConfig[enabled=" + enabled + ", path=" + path + ", sessionIdleTimeout=" + sessionIdleTimeout
                + ", maxSessions=" + maxSessions + ", maxSessionsPerPrincipal=" + maxSessionsPerPrincipal
                + ", heartbeat=" + heartbeat + "]";
    }

    /** Builds an {@link McpConfig}; setters reject bad values at once. */
    public static final class Builder {

        private boolean enabled = true;

        private String path = DEFAULT_PATH;

        private Duration sessionIdleTimeout = DEFAULT_SESSION_IDLE_TIMEOUT;

        private int maxSessions = DEFAULT_MAX_SESSIONS;

        /** {@code null}: a quarter of {@link #maxSessions}. */
        private @Nullable Integer maxSessionsPerPrincipal;

        private Duration heartbeat = DEFAULT_HEARTBEAT;

        private Builder() {
        }

        /**
         * @param sessionIdleTimeout how long a session without calls or an open stream lives; at
         *     least one second
         * @return this builder
         */
        public Builder sessionIdleTimeout(Duration sessionIdleTimeout) {
            Objects.requireNonNull(sessionIdleTimeout, "sessionIdleTimeout");
            if (sessionIdleTimeout.compareTo(Duration.ofSeconds(1)) < 0) {
                throw new IllegalArgumentException("MCP session idle timeout must be at least 1s, was "
                        + sessionIdleTimeout);
            }
            this.sessionIdleTimeout = sessionIdleTimeout;
            return this;
        }

        /**
         * @param maxSessions the most sessions at once; at least 1
         * @return this builder
         */
        public Builder maxSessions(int maxSessions) {
            if (maxSessions < 1) {
                throw new IllegalArgumentException("MCP max sessions must be at least 1, was " + maxSessions);
            }
            this.maxSessions = maxSessions;
            return this;
        }

        /**
         * @param maxSessionsPerPrincipal the most sessions one authenticated principal may hold at
         *     once; at least 1, and at most {@link #maxSessions(int) maxSessions} (checked by
         *     {@link #build()})
         * @return this builder
         */
        public Builder maxSessionsPerPrincipal(int maxSessionsPerPrincipal) {
            if (maxSessionsPerPrincipal < 1) {
                throw new IllegalArgumentException("MCP max sessions per principal must be at least 1, was "
                        + maxSessionsPerPrincipal);
            }
            this.maxSessionsPerPrincipal = maxSessionsPerPrincipal;
            return this;
        }

        /**
         * @param heartbeat how often a running call's answer stream carries a comment; at least 1 ms
         * @return this builder
         */
        public Builder heartbeat(Duration heartbeat) {
            Objects.requireNonNull(heartbeat, "heartbeat");
            if (heartbeat.toMillis() < 1) {
                throw new IllegalArgumentException("MCP heartbeat must be at least 1 ms, was " + heartbeat);
            }
            this.heartbeat = heartbeat;
            return this;
        }

        /**
         * @param enabled whether to serve the HTTP transport
         * @return this builder
         */
        public Builder enabled(boolean enabled) {
            this.enabled = enabled;
            return this;
        }

        /**
         * @param path such as {@code /mcp}: starts with '/', no trailing slash, no wildcard
         * @return this builder
         */
        public Builder path(String path) {
            Objects.requireNonNull(path, "path");
            if (!path.matches("(/[A-Za-z0-9_.~-]+)+")) {
                throw new IllegalArgumentException("MCP path '" + path
                        + "' is invalid: use /segments of letters, digits, '.', '_', '~' or '-', such as /mcp");
            }
            this.path = path;
            return this;
        }

        /**
         * @return the settings
         * @throws IllegalArgumentException if the per-principal share is larger than the maximum
         */
        public McpConfig build() {
            if (maxSessionsPerPrincipal != null && maxSessionsPerPrincipal > maxSessions) {
                throw new IllegalArgumentException("MCP max sessions per principal (" + maxSessionsPerPrincipal
                        + ") must not be more than max sessions (" + maxSessions + ")");
            }
            return new McpConfig(this);
        }
    }
}

package dev.kaizen.nexus.rest;

import java.time.Duration;
import java.util.Objects;

import org.jspecify.annotations.Nullable;

import dev.kaizen.nexus.DeployOptions;

/**
 * Settings of the REST channel. Immutable; {@link #defaults()} serves under
 * {@value #DEFAULT_PATH_PREFIX} and accepts request bodies up to 1 MiB.
 */
public final class RestConfig {

    /** Where workflows are served unless configured otherwise. */
    public static final String DEFAULT_PATH_PREFIX = "/api/workflows";

    /** The largest request body accepted unless configured otherwise: 1 MiB. */
    public static final long DEFAULT_MAX_REQUEST_BYTES = 1024 * 1024;

    /** Where the OpenAPI document of every deployed workflow is served. */
    public static final String OPENAPI_PATH = "/api/openapi.json";

    /** Where the Nexus's health is served. */
    public static final String HEALTH_PATH = "/health";

    /** How often a Server-Sent Events stream sends a comment while its run is silent, unless configured. */
    public static final Duration DEFAULT_SSE_HEARTBEAT = Duration.ofSeconds(15);

    private static final RestConfig DEFAULTS = builder().build();

    private final String pathPrefix;

    private final long maxRequestBytes;

    private final Duration sseHeartbeat;

    private RestConfig(Builder builder) {
        this.pathPrefix = builder.pathPrefix;
        this.maxRequestBytes = builder.maxRequestBytes;
        this.sseHeartbeat = builder.sseHeartbeat;
    }

    /**
     * @return the default settings
     */
    public static RestConfig defaults() {
        return DEFAULTS;
    }

    /**
     * @return a builder holding the defaults
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * @return the path prefix of workflows deployed without one of their own
     */
    public String pathPrefix() {
        return pathPrefix;
    }

    /**
     * @return the largest request body accepted, in bytes; larger ones get 413
     */
    public long maxRequestBytes() {
        return maxRequestBytes;
    }

    /**
     * @return how often a Server-Sent Events answer sends a comment while its run is silent, so
     *     proxies and load balancers keep the connection
     */
    public Duration sseHeartbeat() {
        return sseHeartbeat;
    }

    @Override
    public boolean equals(@Nullable Object other) {
        return other instanceof RestConfig that && pathPrefix.equals(that.pathPrefix)
                && maxRequestBytes == that.maxRequestBytes && sseHeartbeat.equals(that.sseHeartbeat);
    }

    @Override
    public int hashCode() {
        return Objects.hash(pathPrefix, maxRequestBytes, sseHeartbeat);
    }

    @Override
    public String toString() {
        return "RestConfig[pathPrefix=" + pathPrefix + ", maxRequestBytes=" + maxRequestBytes + ", sseHeartbeat="
                + sseHeartbeat + "]";
    }

    /** Builds a {@link RestConfig}; setters reject bad values at once. */
    public static final class Builder {

        private String pathPrefix = DEFAULT_PATH_PREFIX;

        private long maxRequestBytes = DEFAULT_MAX_REQUEST_BYTES;

        private Duration sseHeartbeat = DEFAULT_SSE_HEARTBEAT;

        private Builder() {
        }

        /**
         * @param sseHeartbeat how often a Server-Sent Events answer sends a comment while its run
         *     is silent; at least one millisecond
         * @return this builder
         */
        public Builder sseHeartbeat(Duration sseHeartbeat) {
            Objects.requireNonNull(sseHeartbeat, "sseHeartbeat");
            if (sseHeartbeat.toMillis() < 1) {
                throw new IllegalArgumentException("SSE heartbeat must be at least 1 ms, was " + sseHeartbeat);
            }
            this.sseHeartbeat = sseHeartbeat;
            return this;
        }

        /**
         * @param pathPrefix such as {@code /api/workflows}: one or more /segments, no trailing slash
         * @return this builder
         */
        public Builder pathPrefix(String pathPrefix) {
            this.pathPrefix = DeployOptions.requireValidPathPrefix(pathPrefix);
            return this;
        }

        /**
         * @param maxRequestBytes at least 1
         * @return this builder
         */
        public Builder maxRequestBytes(long maxRequestBytes) {
            if (maxRequestBytes < 1) {
                throw new IllegalArgumentException("max request size must be at least 1 byte, was " + maxRequestBytes);
            }
            this.maxRequestBytes = maxRequestBytes;
            return this;
        }

        /**
         * @return the settings
         */
        public RestConfig build() {
            return new RestConfig(this);
        }
    }
}
